/**
 * The slice of an OpenAPI 3.1 document that the generator reads. Bundled specs are plain JSON,
 * so everything is typed loosely and checked where it is used.
 */
export interface OpenApiDocument {
  openapi: string;
  servers?: ServerObject[];
  paths?: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, SchemaObject> } & Record<string, unknown>;
}

export interface ServerObject {
  url: string;
  description?: string;
  "x-instance"?: string;
}

export type SchemaObject = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, SchemaObject>;
  required?: string[];
  items?: SchemaObject;
  minItems?: number;
  maxItems?: number;
  oneOf?: SchemaObject[];
  anyOf?: SchemaObject[];
  allOf?: SchemaObject[];
  not?: SchemaObject;
} & Record<string, unknown>;

/** The HTTP methods an OpenAPI path item may hold, in the order we emit them. */
export const HTTP_METHODS = [
  "get",
  "put",
  "post",
  "delete",
  "options",
  "head",
  "patch",
  "trace",
] as const;

/** Follows a local `#/components/...` reference; bundled specs have no other kind. */
export function resolveRef(doc: OpenApiDocument, schema: SchemaObject): SchemaObject {
  let current = schema;
  const seen = new Set<string>();
  while (typeof current.$ref === "string") {
    const ref = current.$ref;
    if (seen.has(ref)) throw new Error(`Circular $ref: ${ref}`);
    seen.add(ref);
    if (!ref.startsWith("#/"))
      throw new Error(`Only local $refs are supported in a bundled spec, got ${ref}`);
    let target: unknown = doc;
    for (const segment of ref.slice(2).split("/")) {
      const key = segment.replaceAll("~1", "/").replaceAll("~0", "~");
      target = (target as Record<string, unknown> | undefined)?.[key];
    }
    if (target === undefined || target === null || typeof target !== "object") {
      throw new Error(`Unresolvable $ref: ${ref}`);
    }
    current = target as SchemaObject;
  }
  return current;
}

/** The component name a `#/components/schemas/Name` reference points to, if it is one. */
export function schemaRefName(schema: SchemaObject): string | undefined {
  const prefix = "#/components/schemas/";
  return typeof schema.$ref === "string" && schema.$ref.startsWith(prefix)
    ? schema.$ref.slice(prefix.length)
    : undefined;
}
