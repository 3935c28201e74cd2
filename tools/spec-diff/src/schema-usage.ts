import type { Direction } from "./diff-context.js";
import { METHODS } from "./diff-operation.js";
import { resolveLocalRef } from "./json-pointer.js";
import { asObject, isObject, type JsonObject } from "./json-value.js";

const SCHEMA_REF_PREFIX = "#/components/schemas/";

/**
 * Which way each component schema travels: a schema reached from a request body or a
 * parameter is sent, one reached from a response is received. Follows `$ref`s transitively.
 */
export function schemaUsage(document: JsonObject): Map<string, Set<Direction>> {
  const usage = new Map<string, Set<Direction>>();
  for (const pathItem of Object.values(asObject(document.paths))) {
    const item = asObject(pathItem);
    const shared = item.parameters;
    for (const method of METHODS) {
      const operation = item[method];
      if (!isObject(operation)) continue;
      collect(document, [shared, operation.parameters, operation.requestBody], "request", usage);
      collect(document, [operation.responses], "response", usage);
    }
  }
  return usage;
}

function collect(
  document: JsonObject,
  roots: unknown[],
  direction: Direction,
  usage: Map<string, Set<Direction>>,
): void {
  const seen = new Set<unknown>();
  const stack = [...roots];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object" || seen.has(node)) continue;
    seen.add(node);
    if (isObject(node) && typeof node.$ref === "string") {
      if (node.$ref.startsWith(SCHEMA_REF_PREFIX)) {
        const name = decodeURIComponent(node.$ref.slice(SCHEMA_REF_PREFIX.length));
        const directions = usage.get(name) ?? new Set<Direction>();
        directions.add(direction);
        usage.set(name, directions);
      }
      stack.push(resolveLocalRef(document, node.$ref));
    }
    stack.push(...Object.values(node));
  }
}
