import { bundledSpec, deref, isObject } from "./bundled-spec.js";
import type { Route } from "./operations.js";

/** What the spec says one operation answers: statuses, example bodies and the body limit. */
export interface SpecResponses {
  /** The first 2xx status the spec declares (Braze: 201). */
  readonly successStatus: number;
  /** The serialized JSON example of that success response (Braze: `{"message":"success"}`). */
  readonly successBody: string;
  /**
   * The success Braze gives when it defers the work (during maintenance): `202` with the
   * success schema's other `message` word (`{"message":"queued"}`); `undefined` for an
   * operation whose success schema has no other word (the reads) or whose responses do not
   * cover 202 with that success response.
   */
  readonly queued: { readonly status: number; readonly body: string } | undefined;
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
  const success = deref(responses[successKey]);
  const successValue = exampleValue(success, "application/json");
  return {
    successStatus,
    successBody: JSON.stringify(successValue),
    queued: queuedAnswer(route, responses, success, successValue),
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

/**
 * The deferred success: the words of the success schema's `message` enum other than the
 * example's (the spec: `success`, or `queued` when Braze defers the work), answered with
 * HTTP's `202 Accepted`, the status the spec's success response names for it. The spec
 * declares no exact `202` (its `2XX` covers it): the status is HTTP's, checked against the
 * spec in that 202 must fall under this very success response; the body is the spec's.
 */
function queuedAnswer(
  route: Route,
  responses: Record<string, unknown>,
  success: unknown,
  successValue: unknown,
): SpecResponses["queued"] {
  if (responseFor(responses, ACCEPTED) !== success) return undefined;
  const media = isObject(success) && isObject(success.content) ? success.content : undefined;
  const json = media?.["application/json"];
  const schema = isObject(json) ? deref(json.schema) : undefined;
  const message =
    isObject(schema) && isObject(schema.properties) ? deref(schema.properties.message) : undefined;
  const words = isObject(message) && Array.isArray(message.enum) ? message.enum : [];
  const documented = isObject(successValue) ? successValue.message : undefined;
  const others = words.filter((word) => word !== documented);
  if (others.length === 0) return undefined;
  if (others.length > 1)
    throw new Error(
      `spec: ${route.operationId}'s success message has several words besides ${JSON.stringify(documented)} (${others.join(", ")}); the fake knows one deferred success`,
    );
  return { status: ACCEPTED, body: JSON.stringify({ message: others[0] }) };
}

// RFC 9110 §15.3.3: "accepted for processing, but the processing has not been completed".
const ACCEPTED = 202;

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
