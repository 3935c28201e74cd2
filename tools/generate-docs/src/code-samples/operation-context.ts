import {
  type OpenApiDocument,
  type OperationMetadata,
  type ParameterObject,
  resolveRef,
  type SchemaObject,
} from "@braze-subscriptions/generate-client";
import type { HeaderAuth, RequestExample, SampleServer } from "./sample-template.js";

type Json = Record<string, unknown>;

/** The raw operation object of the spec that `metadata` describes. */
export function operationObject(doc: OpenApiDocument, metadata: OperationMetadata): Json {
  const operation = doc.paths?.[metadata.path]?.[metadata.method.toLowerCase()];
  if (!isObject(operation)) throw new Error(`No operation ${metadata.method} ${metadata.path}`);
  return operation;
}

/**
 * The request examples of an operation. With a JSON body: its named `examples` (following
 * `$ref`s), or its single `example` under the key `example`, each with the parameters' values
 * for it (see {@link parameterValues}). Without one: the parameters' examples, by key (see
 * {@link queryExamples}). Examples given only by `externalValue` are skipped: the docs must not
 * fetch anything. `parameters` are those that apply to the operation (its path item's too:
 * `operationParameters` of `@braze-subscriptions/generate-client`); by default its own.
 */
export function requestExamples(
  doc: OpenApiDocument,
  operation: Json,
  parameters: readonly ParameterObject[] = ownParameters(doc, operation),
): RequestExample[] {
  if (!isObject(operation.requestBody)) return queryExamples(doc, operation, parameters);
  const body = resolveRef(doc, operation.requestBody as SchemaObject);
  const content = isObject(body.content) ? body.content : {};
  const media = content["application/json"];
  if (!isObject(media)) return [];
  const examples: RequestExample[] = [];
  if (isObject(media.examples)) {
    for (const [key, entry] of Object.entries(media.examples)) {
      if (!isObject(entry)) continue;
      const example = resolveRef(doc, entry as SchemaObject);
      if (!("value" in example)) continue;
      const summary = typeof example.summary === "string" ? example.summary : undefined;
      examples.push({
        key,
        summary,
        value: example.value,
        ...parameterValues(doc, parameters, key),
      });
    }
  } else if ("example" in media) {
    examples.push({
      key: "example",
      summary: undefined,
      value: media.example,
      ...parameterValues(doc, parameters, "example"),
    });
  }
  return examples;
}

/**
 * The calls of an operation without a body, from its parameters' named `examples` put together
 * by key (every parameter with an example under `byEmail` makes the `byEmail` call), in the
 * order the keys first appear, each with the values {@link parameterValues} gives it.
 */
export function queryExamples(
  doc: OpenApiDocument,
  operation: Json,
  parameters: readonly ParameterObject[] = ownParameters(doc, operation),
): RequestExample[] {
  const byKey = new Map<string, RequestExample>();
  for (const parameter of parameters) {
    if (!isSampled(parameter) || !isObject(parameter.examples)) continue;
    for (const [key, entry] of Object.entries(parameter.examples)) {
      const example = isObject(entry) ? resolveRef(doc, entry as SchemaObject) : undefined;
      if (example === undefined || !("value" in example)) continue;
      let call = byKey.get(key);
      if (call === undefined) {
        call = {
          key,
          summary: undefined,
          value: undefined,
          ...parameterValues(doc, parameters, key),
        };
        byKey.set(key, call);
      }
      // The summary of an identifying parameter's example names the call, not a shared one's.
      if (typeof example.summary === "string" && parameter.required !== true)
        call.summary = example.summary;
    }
  }
  return [...byKey.values()];
}

/**
 * The query and path parameter values of the call named `key`: each parameter's example under
 * that key. A path parameter without one takes its first example (a URL cannot leave it out);
 * a parameter with no example at all is left out, and a sample of a path that still has a
 * `{name}` in it is not written.
 */
export function parameterValues(
  doc: OpenApiDocument,
  parameters: readonly ParameterObject[],
  key: string,
): Pick<RequestExample, "query" | "path"> {
  const values: { query?: Json; path?: Json } = {};
  for (const parameter of parameters) {
    if (!isSampled(parameter)) continue;
    const named = isObject(parameter.examples) ? parameter.examples : {};
    const entries = Object.entries(named).map(([name, entry]) => ({
      name,
      example: isObject(entry) ? resolveRef(doc, entry as SchemaObject) : {},
    }));
    const chosen =
      entries.find((entry) => entry.name === key && "value" in entry.example) ??
      (parameter.in === "path" ? entries.find((entry) => "value" in entry.example) : undefined);
    if (chosen === undefined) continue;
    const place = parameter.in as "query" | "path";
    values[place] = { ...values[place], [parameter.name]: chosen.example.value };
  }
  return values;
}

/** A query or path parameter with a name: the kinds a sample writes. */
function isSampled(
  parameter: ParameterObject,
): parameter is ParameterObject & { name: string; in: "query" | "path" } {
  return (
    (parameter.in === "query" || parameter.in === "path") && typeof parameter.name === "string"
  );
}

/** The operation's own parameters, `$ref`s followed. */
function ownParameters(doc: OpenApiDocument, operation: Json): ParameterObject[] {
  const list = Array.isArray(operation.parameters) ? operation.parameters : [];
  return list.map((raw) => resolveRef(doc, raw as SchemaObject) as ParameterObject);
}

/** The first server of the operation: its own `servers`, else the path's, else the spec's. */
export function firstServer(
  doc: OpenApiDocument,
  path: string,
  operation: Json,
): SampleServer | undefined {
  const pathItem = doc.paths?.[path] ?? {};
  const candidates = [operation.servers, pathItem.servers, doc.servers];
  const servers = candidates.find((list): list is Json[] => Array.isArray(list) && list.length > 0);
  const server = servers?.[0];
  if (!server || typeof server.url !== "string") return undefined;
  const instance = server["x-instance"];
  return {
    url: server.url.replace(/\/+$/, ""),
    instance: typeof instance === "string" && instance !== "" ? instance : undefined,
  };
}

/**
 * The header the operation's first security requirement sends: `Authorization` with the
 * scheme's prefix for `http` schemes, the named header for `apiKey` schemes in a header.
 */
export function headerAuth(doc: OpenApiDocument, operation: Json): HeaderAuth | undefined {
  const requirements = (operation.security ?? (doc as unknown as Json).security) as
    | Json[]
    | undefined;
  const name = Object.keys(requirements?.[0] ?? {})[0];
  const schemes = doc.components?.securitySchemes;
  if (name === undefined || !isObject(schemes) || !isObject(schemes[name])) return undefined;
  const scheme = resolveRef(doc, schemes[name] as SchemaObject);
  if (scheme.type === "http" && typeof scheme.scheme === "string") {
    const prefix = scheme.scheme.toLowerCase() === "bearer" ? "Bearer" : capitalize(scheme.scheme);
    return { header: "Authorization", prefix: `${prefix} ` };
  }
  if (scheme.type === "apiKey" && scheme.in === "header" && typeof scheme.name === "string") {
    return { header: scheme.name, prefix: "" };
  }
  return undefined;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
