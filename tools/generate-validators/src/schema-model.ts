import { UnsupportedSchemaError } from "./errors.js";
import { formatRegExp } from "./formats.js";

/** A JSON type as the `type` keyword names it. */
export type JsonType = "string" | "number" | "integer" | "boolean" | "null" | "array" | "object";

/** A value `enum` and `const` may hold: the generator compares with `===`. */
export type Primitive = string | number | boolean | null;

/**
 * One schema of the spec, checked and reduced to the keywords the generator compiles.
 * Subschemas are referred to by their JSON pointer in the bundled spec.
 */
export interface SchemaModel {
  pointer: string;
  /** A boolean schema (`true`/`false`), or `{}` (always `true`). */
  always?: boolean;
  title?: string;
  description?: string;
  /** Pointer of the `$ref` target. */
  ref?: string;
  types?: JsonType[];
  enumValues?: Primitive[];
  constValue?: { value: Primitive };
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: string;
  minItems?: number;
  maxItems?: number;
  /** Declared properties in spec order: name and pointer of the schema. */
  properties?: Array<[string, string]>;
  required?: string[];
  /** `false`, or the pointer of the schema extra properties must match. */
  additionalProperties?: false | string;
  minProperties?: number;
  maxProperties?: number;
  allOf?: string[];
  anyOf?: string[];
  oneOf?: string[];
  not?: string;
  /** `x-error-code`/`x-error-message`: when this schema fails, one issue with this text. */
  customError?: { code: string; message: string };
}

const JSON_TYPES = new Set<string>([
  "string",
  "number",
  "integer",
  "boolean",
  "null",
  "array",
  "object",
]);

// Keywords that never change a verdict.
const ANNOTATIONS = new Set([
  "title",
  "description",
  "examples",
  "example",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$comment",
  "$schema",
  "$id",
  "$anchor",
  "$defs",
  "externalDocs",
  "xml",
  "discriminator",
  "contentMediaType",
  "contentEncoding",
]);

/** Checks one schema and reduces it to a {@link SchemaModel}; throws on what it cannot compile. */
export function modelSchema(raw: unknown, pointer: string): SchemaModel {
  if (raw === true || raw === false) return { pointer, always: raw };
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
    throw new UnsupportedSchemaError(pointer, "a schema must be an object or a boolean");
  }
  const schema = raw as Record<string, unknown>;
  const model: SchemaModel = { pointer };
  const fail = (detail: string): never => {
    throw new UnsupportedSchemaError(pointer, detail);
  };
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key) || (key.startsWith("x-") && !key.startsWith("x-error-"))) continue;
    const at = `${pointer}/${key}`;
    switch (key) {
      case "$ref":
        if (typeof value !== "string" || !value.startsWith("#/"))
          fail(`only local $refs are supported, got ${String(value)}`);
        model.ref = value as string;
        break;
      case "type": {
        const types = Array.isArray(value) ? value : [value];
        if (types.length === 0 || !types.every((t) => typeof t === "string" && JSON_TYPES.has(t))) {
          fail(`"type" must name JSON types, got ${JSON.stringify(value)}`);
        }
        model.types = types as JsonType[];
        break;
      }
      case "enum":
        if (!Array.isArray(value) || value.length === 0 || !value.every(isPrimitive)) {
          fail(`"enum" must be a non-empty array of strings, numbers, booleans or null`);
        }
        model.enumValues = value as Primitive[];
        break;
      case "const":
        if (!isPrimitive(value)) fail(`"const" must be a string, number, boolean or null`);
        model.constValue = { value: value as Primitive };
        break;
      case "minLength":
      case "maxLength":
      case "minItems":
      case "maxItems":
      case "minProperties":
      case "maxProperties":
        if (!Number.isSafeInteger(value) || (value as number) < 0)
          fail(`"${key}" must be a non-negative integer`);
        model[key] = value as number;
        break;
      case "minimum":
      case "maximum":
      case "exclusiveMinimum":
      case "exclusiveMaximum":
        if (typeof value !== "number" || !Number.isFinite(value))
          fail(`"${key}" must be a finite number`);
        model[key] = value as number;
        break;
      case "pattern":
        if (typeof value !== "string") fail(`"pattern" must be a string`);
        try {
          new RegExp(value as string, "u");
        } catch (error) {
          fail(`"pattern" is not a valid Unicode regular expression: ${(error as Error).message}`);
        }
        model.pattern = value as string;
        break;
      case "format":
        if (typeof value !== "string" || !formatRegExp(value)) {
          fail(
            `format ${JSON.stringify(value)} is not supported (only ajv-formats' regular-expression formats are)`,
          );
        }
        model.format = value as string;
        break;
      case "items":
        if (Array.isArray(value)) fail(`"items" must be one schema (tuples are not supported)`);
        model.items = at;
        break;
      case "properties":
        if (value === null || typeof value !== "object" || Array.isArray(value))
          fail(`"properties" must be an object`);
        model.properties = Object.keys(value as object).map((name) => [
          name,
          `${at}/${escapeToken(name)}`,
        ]);
        break;
      case "required":
        if (!Array.isArray(value) || !value.every((v) => typeof v === "string"))
          fail(`"required" must list property names`);
        model.required = [...new Set(value as string[])];
        break;
      case "additionalProperties":
        if (value === true) break;
        model.additionalProperties = value === false ? false : at;
        break;
      case "allOf":
      case "anyOf":
      case "oneOf":
        if (!Array.isArray(value) || value.length === 0)
          fail(`"${key}" must be a non-empty array of schemas`);
        model[key] = (value as unknown[]).map((_, i) => `${at}/${i}`);
        break;
      case "not":
        model.not = at;
        break;
      case "x-error-code":
      case "x-error-message":
        break;
      default:
        fail(`keyword "${key}" is not supported by the validator generator`);
    }
  }
  if (typeof schema.title === "string") model.title = schema.title;
  if (typeof schema.description === "string") model.description = schema.description;
  const message = schema["x-error-message"];
  const code = schema["x-error-code"];
  if (message !== undefined || code !== undefined) {
    if (typeof message !== "string" || message.trim() === "" || /[\r\n]/.test(message)) {
      fail(`"x-error-message" must be one line of text`);
    }
    if (
      code !== undefined &&
      (typeof code !== "string" || !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(code))
    ) {
      fail(`"x-error-code" must be an identifier-like string`);
    }
    model.customError = {
      code: (code as string | undefined) ?? "invalid",
      message: message as string,
    };
  }
  if (isEmptyModel(model)) model.always = true;
  return model;
}

function isPrimitive(value: unknown): value is Primitive {
  return (
    value === null ||
    ["string", "boolean"].includes(typeof value) ||
    (typeof value === "number" && Number.isFinite(value))
  );
}

/** Escapes one JSON pointer token (RFC 6901). */
export function escapeToken(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}

// A schema with no validation keyword accepts everything.
function isEmptyModel(model: SchemaModel): boolean {
  return Object.keys(model).every(
    (key) => key === "pointer" || key === "title" || key === "description",
  );
}
