import {
  HTTP_METHODS,
  type OpenApiDocument,
  resolveRef,
  type SchemaObject,
  schemaRefName,
} from "./openapi-document.js";

/** What the runtime needs to know about one operation, read from the spec. */
export interface OperationMetadata {
  operationId: string;
  method: string;
  path: string;
  /** From the operation's `x-required-permission`. */
  requiredPermission: string | null;
  /** From the operation's `x-rate-limit`, as written in the spec. */
  rateLimit: RateLimitMetadata | null;
  requestBody: RequestBodyMetadata | null;
}

export interface RateLimitMetadata {
  bucket: string;
  limit: number;
  intervalMs: number;
  [key: string]: unknown;
}

export interface RequestBodyMetadata {
  /** The component schema of the JSON body, when it is a reference. */
  schema: string | null;
  required: string[];
  /** Top-level fields that hold a list (possibly also accepting a single item). */
  listFields: Record<string, ListFieldMetadata>;
  /** Groups of fields of which at least one must be present (`anyOf` of `required`). */
  atLeastOneOf: string[][];
  /** Groups of fields that must never all be present (`not: {required}`). */
  mutuallyExclusive: string[][];
}

export interface ListFieldMetadata {
  /** The component schema of one item, when it is a reference. */
  itemSchema: string | null;
  minItems: number | null;
  maxItems: number | null;
  /** Whether a single item may be sent instead of an array. */
  acceptsSingle: boolean;
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
        requestBody: requestBodyOf(doc, operation.requestBody),
      };
    }
  }
  return result;
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
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
  };
  const schemaRef = resolvedBody.content?.["application/json"]?.schema;
  if (!schemaRef) return null;
  const schema = resolveRef(doc, schemaRef);
  const listFields: Record<string, ListFieldMetadata> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const field = listFieldOf(doc, property);
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
  return {
    schema: schemaRefName(schemaRef) ?? null,
    required: [...(schema.required ?? [])],
    listFields,
    atLeastOneOf,
    mutuallyExclusive,
  };
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

function listFieldOf(doc: OpenApiDocument, property: SchemaObject): ListFieldMetadata | null {
  const resolved = resolveRef(doc, property);
  const variants = (resolved.oneOf ?? resolved.anyOf ?? [resolved]).map((v) => ({
    raw: v,
    schema: resolveRef(doc, v),
  }));
  const array = variants.find((v) => v.schema.type === "array");
  if (!array) return null;
  const items = array.schema.items;
  return {
    itemSchema: items ? (schemaRefName(items) ?? null) : null,
    minItems: array.schema.minItems ?? null,
    maxItems: array.schema.maxItems ?? null,
    acceptsSingle: variants.some((v) => v !== array),
  };
}
