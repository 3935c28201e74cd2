import { type OpenApiDocument, resolveRef, type SchemaObject } from "./openapi-document.js";

/** A parameter object of the spec (`$ref`s followed), as the generators read it. */
export interface ParameterObject {
  name?: unknown;
  in?: unknown;
  required?: unknown;
  schema?: SchemaObject;
  [key: string]: unknown;
}

/** One parameter that applies to an operation, with where it is written in the document. */
export interface OperationParameter {
  /** The parameter object, `$ref` followed. */
  parameter: ParameterObject;
  /** JSON pointer (`#/…`) of the parameter object: the `$ref`'s target, or where it is written. */
  pointer: string;
}

/**
 * Every parameter that applies to an operation, as OpenAPI defines them: the path item's
 * `parameters` and the operation's own, where an operation's parameter replaces the path
 * item's of the same name and location (`in`). Path item parameters come first, in order.
 */
export function operationParameters(
  doc: OpenApiDocument,
  path: string,
  method: string,
): OperationParameter[] {
  const item = doc.paths?.[path] ?? {};
  const operation = (item[method] ?? {}) as Record<string, unknown>;
  const at = `#/paths/${escapeToken(path)}`;
  const shared = listAt(doc, item.parameters, `${at}/parameters`);
  const own = listAt(doc, operation.parameters, `${at}/${method}/parameters`);
  const key = ({ parameter }: OperationParameter) =>
    `${String(parameter.in)} ${String(parameter.name)}`;
  const overridden = new Set(own.map(key));
  return [...shared.filter((entry) => !overridden.has(key(entry))), ...own];
}

function listAt(doc: OpenApiDocument, list: unknown, at: string): OperationParameter[] {
  if (!Array.isArray(list)) return [];
  return list.map((raw: SchemaObject, index) => ({
    parameter: resolveRef(doc, raw) as ParameterObject,
    pointer: typeof raw.$ref === "string" ? raw.$ref : `${at}/${index}`,
  }));
}

/** A JSON pointer token: `~` and `/` escaped. */
function escapeToken(token: string): string {
  return token.replaceAll("~", "~0").replaceAll("/", "~1");
}
