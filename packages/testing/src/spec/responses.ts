import { bundledSpec, deref, isObject } from "./bundled-spec.js";
import type { Route } from "./operations.js";

/** What the spec says one operation answers: statuses, example bodies and the body limit. */
export interface SpecResponses {
  /** The first 2xx status the spec declares (Braze: 201). */
  readonly successStatus: number;
  /** The serialized JSON example of that success response (Braze: `{"message":"success"}`). */
  readonly successBody: string;
  /** The serialized first JSON example of the response declared for `status`, if any. */
  errorBody(status: number): string | undefined;
  /** The 400 body for "too many identifiers" (the spec's `tooManyIds` example), if declared. */
  readonly tooManyIdsBody: string | undefined;
  /** The HTML example of the 5xx response (a proxy's 502 page). */
  readonly badGatewayHtml: string;
  /** `x-max-body-bytes` of the operation's request body (Braze: 4 MB); 0 without a body. */
  readonly maxBodyBytes: number;
}

/** Reads the responses of `route`'s operation from the bundled spec; throws if one is missing. */
export function readSpecResponses(route: Route): SpecResponses {
  const operation = operationObject(route);
  const responses = need(operation.responses, `${route.operationId}.responses`);
  // An exact 2xx, else a range ("2XX": the status is not documented; the fake answers 200).
  const successKey =
    Object.keys(responses).find((key) => /^2\d\d$/.test(key)) ??
    Object.keys(responses).find((key) => key.toUpperCase() === "2XX");
  if (successKey === undefined)
    throw new Error(`spec: ${route.operationId} declares no 2xx response`);
  const cache = new Map<number, string | undefined>();
  let maxBodyBytes = 0;
  if (operation.requestBody !== undefined) {
    const requestBody = need(deref(operation.requestBody), `${route.operationId}.requestBody`);
    maxBodyBytes = requestBody["x-max-body-bytes"] as number;
    if (typeof maxBodyBytes !== "number" || !(maxBodyBytes > 0)) {
      throw new Error(`spec: ${route.operationId}.requestBody has no positive x-max-body-bytes`);
    }
  }
  const successStatus = /^2\d\d$/.test(successKey) ? Number(successKey) : 200;
  return {
    successStatus,
    successBody: JSON.stringify(exampleValue(deref(responses[successKey]), "application/json")),
    errorBody(status) {
      if (!cache.has(status)) {
        const value = exampleValue(responseFor(responses, status), "application/json");
        cache.set(status, value === undefined ? undefined : JSON.stringify(value));
      }
      return cache.get(status);
    },
    tooManyIdsBody: jsonOrUndefined(
      exampleValue(responseFor(responses, 400), "application/json", "tooManyIds"),
    ),
    badGatewayHtml: needString(
      exampleValue(responseFor(responses, 502), "text/html"),
      "5XX text/html example",
    ),
    maxBodyBytes,
  };
}

function operationObject(route: Route): Record<string, unknown> {
  const paths = need(isObject(bundledSpec) ? bundledSpec.paths : undefined, "paths");
  const pathItem = need(deref(paths[route.path]), `paths.${route.path}`);
  return need(deref(pathItem[route.method.toLowerCase()]), `paths.${route.path}.${route.method}`);
}

// OpenAPI keys responses by exact status, then by range ("5XX"), then "default".
function responseFor(responses: Record<string, unknown>, status: number): unknown {
  const key = [String(status), `${String(status)[0]}XX`, "default"].find((k) => k in responses);
  return key === undefined ? undefined : deref(responses[key]);
}

// The named example (or the first one) of a response's media type, or its single `example`.
function exampleValue(response: unknown, mediaType: string, name?: string): unknown {
  if (!isObject(response) || !isObject(response.content)) return undefined;
  const media = response.content[mediaType];
  if (!isObject(media)) return undefined;
  if (isObject(media.examples)) {
    const key = name ?? Object.keys(media.examples)[0];
    const example = key === undefined ? undefined : deref(media.examples[key]);
    if (isObject(example) && "value" in example) return example.value;
  }
  return name === undefined ? media.example : undefined;
}

function jsonOrUndefined(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value);
}

function need(value: unknown, what: string): Record<string, unknown> {
  if (isObject(value)) return value;
  throw new Error(`spec: ${what} is missing from the bundled spec`);
}

function needString(value: unknown, what: string): string {
  if (typeof value === "string") return value;
  throw new Error(`spec: ${what} is missing from the bundled spec`);
}
