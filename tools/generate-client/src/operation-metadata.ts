import {
  HTTP_METHODS,
  type OpenApiDocument,
  resolveRef,
  type SchemaObject,
  schemaRefName,
} from "./openapi-document.js";
import { operationParameters } from "./operation-parameters.js";

/** What the runtime needs to know about one operation, read from the spec. */
export interface OperationMetadata {
  operationId: string;
  method: string;
  path: string;
  /** From the operation's `x-required-permission`. */
  requiredPermission: string | null;
  /** From the operation's `x-rate-limit`, as written in the spec. */
  rateLimit: RateLimitMetadata | null;
  /**
   * From the operation's `x-max-response-bytes`: the most a client needs to read of any answer
   * (the rest is discarded unread). `null` when the spec does not say.
   */
  maxResponseBytes: number | null;
  requestBody: RequestBodyMetadata | null;
  /** The operation's query parameters, when it has any. */
  query: QueryMetadata | null;
}

export interface RateLimitMetadata {
  bucket: string;
  limit: number;
  intervalMs: number;
  [key: string]: unknown;
}

/** The presence rules and list fields of an object schema (a body, an item, a query). */
export interface ObjectFieldsMetadata {
  required: string[];
  /** Fields that hold a list (possibly also accepting a single item). */
  listFields: Record<string, ListFieldMetadata>;
  /** Groups of fields of which at least one must be present (`anyOf` of `required`). */
  atLeastOneOf: string[][];
  /** Groups of fields that must never all be present (`not: {required}`). */
  mutuallyExclusive: string[][];
}

export interface RequestBodyMetadata extends ObjectFieldsMetadata {
  /** The component schema of the JSON body, when it is a reference. */
  schema: string | null;
  /** The request body object's `x-` extensions, as written in the spec. */
  extensions: Record<string, unknown>;
}

/**
 * The query parameters of an operation, read as one object (name → value): its presence
 * rules combine each parameter's `required` with the operation's `x-query-rules` (schemas
 * applied to that object, for rules across parameters that `parameters` cannot state).
 */
export interface QueryMetadata extends ObjectFieldsMetadata {
  /** Every query parameter, in spec order, with the JSON type of one value. */
  parameters: Record<string, QueryParameterMetadata>;
}

export interface QueryParameterMetadata {
  /** The JSON type of one value (`string`, `integer`…; an array's item type), or null. */
  type: string | null;
  /** The parameter schema's `default`, or null. */
  default: unknown;
}

export interface ListFieldMetadata {
  /** The component schema of one item, when it is a reference. */
  itemSchema: string | null;
  minItems: number | null;
  maxItems: number | null;
  /** Whether a single item may be sent instead of an array. */
  acceptsSingle: boolean;
  /** When the items are objects: their own presence rules and list fields. */
  itemFields: ObjectFieldsMetadata | null;
}

/** Collects metadata for every operation with an `operationId`, keyed by it. */
export function operationMetadata(doc: OpenApiDocument): Record<string, OperationMetadata> {
  const result: Record<string, OperationMetadata> = {};
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      if (!operation) continue;
      const operationId = operation.operationId;
      if (typeof operationId !== "string") continue;
      result[operationId] = {
        operationId,
        method: method.toUpperCase(),
        path,
        requiredPermission: stringOrNull(operation["x-required-permission"]),
        rateLimit: rateLimitOf(operation["x-rate-limit"], operationId),
        maxResponseBytes: positiveIntegerOrNull(
          operation["x-max-response-bytes"],
          `x-max-response-bytes of ${operationId}`,
        ),
        requestBody: requestBodyOf(doc, operation.requestBody),
        query: queryOf(doc, path, method),
      };
    }
  }
  return result;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function positiveIntegerOrNull(value: unknown, what: string): number | null {
  if (value === undefined) return null;
  if (!Number.isSafeInteger(value) || (value as number) <= 0) {
    throw new Error(`${what} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return value as number;
}

function rateLimitOf(value: unknown, operationId: string): RateLimitMetadata | null {
  if (value === undefined) return null;
  const limit = value as Partial<RateLimitMetadata>;
  const valid =
    typeof limit.bucket === "string" &&
    Number.isInteger(limit.limit) &&
    (limit.limit as number) > 0 &&
    Number.isInteger(limit.intervalMs) &&
    (limit.intervalMs as number) > 0;
  if (!valid) {
    throw new Error(
      `x-rate-limit of ${operationId} needs a string bucket and positive integers limit and intervalMs`,
    );
  }
  return limit as RateLimitMetadata;
}

function requestBodyOf(doc: OpenApiDocument, body: unknown): RequestBodyMetadata | null {
  if (!body || typeof body !== "object") return null;
  const resolvedBody = resolveRef(doc, body as SchemaObject) as {
    content?: Record<string, { schema?: SchemaObject }>;
  } & Record<string, unknown>;
  const schemaRef = resolvedBody.content?.["application/json"]?.schema;
  if (!schemaRef) return null;
  const extensions: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(resolvedBody))
    if (key.startsWith("x-")) extensions[key] = value;
  return {
    schema: schemaRefName(schemaRef) ?? null,
    ...objectFieldsOf(doc, resolveRef(doc, schemaRef), new Set()),
    extensions,
  };
}

/**
 * The query parameters as one object schema: a property per parameter (the path item's and
 * the operation's, see {@link operationParameters}), `required` from the parameters, and the
 * operation's `x-query-rules` as its `allOf`.
 */
export function queryObjectSchema(
  doc: OpenApiDocument,
  path: string,
  method: string,
): SchemaObject | null {
  const parameters = operationParameters(doc, path, method)
    .map(({ parameter }) => parameter)
    .filter((p) => p.in === "query" && typeof p.name === "string");
  if (parameters.length === 0) return null;
  const operation = (doc.paths?.[path]?.[method] ?? {}) as Record<string, unknown>;
  const rules = operation["x-query-rules"];
  return {
    type: "object",
    properties: Object.fromEntries(parameters.map((p) => [p.name, p.schema ?? {}])),
    required: parameters.filter((p) => p.required === true).map((p) => p.name as string),
    ...(Array.isArray(rules) ? { allOf: rules as SchemaObject[] } : {}),
  };
}

function queryOf(doc: OpenApiDocument, path: string, method: string): QueryMetadata | null {
  const schema = queryObjectSchema(doc, path, method);
  if (!schema) return null;
  const parameters: Record<string, QueryParameterMetadata> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const resolved = resolveRef(doc, property);
    parameters[name] = {
      type: valueTypeOf(doc, resolved),
      default: "default" in resolved ? resolved.default : null,
    };
  }
  return { parameters, ...objectFieldsOf(doc, schema, new Set()) };
}

/** The JSON type of one value of a schema: its `type`, the items' type, or the first variant's. */
function valueTypeOf(doc: OpenApiDocument, schema: SchemaObject): string | null {
  const variants = (schema.oneOf ?? schema.anyOf ?? [schema]).map((v) => resolveRef(doc, v));
  for (const variant of variants) {
    const type = Array.isArray(variant.type) ? variant.type[0] : variant.type;
    if (type === "array" && variant.items) return valueTypeOf(doc, resolveRef(doc, variant.items));
    if (typeof type === "string") return type;
  }
  return null;
}

function objectFieldsOf(
  doc: OpenApiDocument,
  schema: SchemaObject,
  seen: Set<SchemaObject>,
): ObjectFieldsMetadata {
  seen.add(schema);
  const listFields: Record<string, ListFieldMetadata> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const field = listFieldOf(doc, property, seen);
    if (field) listFields[name] = field;
  }
  const atLeastOneOf: string[][] = [];
  const mutuallyExclusive: string[][] = [];
  for (const rule of [schema, ...(schema.allOf ?? [])].map((s) => resolveRef(doc, s))) {
    const anyOf = rule.anyOf?.map((s) => resolveRef(doc, s));
    if (anyOf?.every(isRequiredOnly)) atLeastOneOf.push(anyOf.flatMap((s) => s.required ?? []));
    const not = rule.not && resolveRef(doc, rule.not);
    if (not && isRequiredOnly(not)) mutuallyExclusive.push([...(not.required ?? [])]);
  }
  return { required: [...(schema.required ?? [])], listFields, atLeastOneOf, mutuallyExclusive };
}

/** Keywords that only annotate a schema: they never change what it accepts. */
const ANNOTATIONS = new Set(["title", "description", "$comment", "examples", "deprecated"]);

/**
 * A schema that only lists required properties, as cross-field rules do (annotations such as
 * a `title` naming the choice in the docs, and `x-` extensions, aside).
 */
function isRequiredOnly(schema: SchemaObject): boolean {
  return (
    Array.isArray(schema.required) &&
    Object.keys(schema).every(
      (key) => key === "required" || key.startsWith("x-") || ANNOTATIONS.has(key),
    )
  );
}

function listFieldOf(
  doc: OpenApiDocument,
  property: SchemaObject,
  seen: Set<SchemaObject>,
): ListFieldMetadata | null {
  const resolved = resolveRef(doc, property);
  const variants = (resolved.oneOf ?? resolved.anyOf ?? [resolved]).map((v) => ({
    raw: v,
    schema: resolveRef(doc, v),
  }));
  const array = variants.find((v) => v.schema.type === "array");
  if (!array) return null;
  const items = array.schema.items;
  const item = items && resolveRef(doc, items);
  // Items that are objects get their own rules; a schema met again on the way down from the
  // body (recursion) does not. `seen` is copied so that a sibling list of the same items,
  // which is not recursion, still gets them.
  const itemFields =
    item && (item.type === "object" || item.properties) && !seen.has(item)
      ? objectFieldsOf(doc, item, new Set(seen))
      : null;
  return {
    itemSchema: items ? (schemaRefName(items) ?? null) : null,
    minItems: array.schema.minItems ?? null,
    maxItems: array.schema.maxItems ?? null,
    acceptsSingle: variants.some((v) => v !== array),
    itemFields,
  };
}
