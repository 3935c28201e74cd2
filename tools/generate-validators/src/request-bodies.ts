import {
  HTTP_METHODS,
  type OpenApiDocument,
  resolveRef,
  type SchemaObject,
} from "@braze-subscriptions/generate-client";
import { escapeToken } from "./schema-model.js";
import type { SchemaRegistry } from "./schema-registry.js";

/** The JSON request body of one operation. */
export interface RequestBody {
  operationId: string;
  /** Pointer of the body's schema: a component when the spec references one. */
  pointer: string;
  /** The component schema name, when the body is a `$ref` to one. */
  component?: string;
}

const JSON_MEDIA_TYPE = "application/json";

/** Every operation with an `operationId` and a JSON request body, in spec order. */
export function requestBodies(doc: OpenApiDocument): RequestBody[] {
  const bodies: RequestBody[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Record<string, unknown> | undefined;
      const operationId = operation?.operationId;
      if (typeof operationId !== "string" || !operation?.requestBody) continue;
      const raw = operation.requestBody as SchemaObject;
      let base = `#/paths/${escapeToken(path)}/${method}/requestBody`;
      if (typeof raw.$ref === "string") base = raw.$ref;
      const body = resolveRef(doc, raw) as { content?: Record<string, { schema?: SchemaObject }> };
      const schema = body.content?.[JSON_MEDIA_TYPE]?.schema;
      if (!schema) continue;
      const pointer =
        typeof schema.$ref === "string"
          ? schema.$ref
          : `${base}/content/${escapeToken(JSON_MEDIA_TYPE)}/schema`;
      const component = componentOf(pointer);
      bodies.push(component ? { operationId, pointer, component } : { operationId, pointer });
    }
  }
  return bodies;
}

/** The component name of `#/components/schemas/Name`, else undefined. */
export function componentOf(pointer: string): string | undefined {
  const prefix = "#/components/schemas/";
  if (!pointer.startsWith(prefix) || pointer.slice(prefix.length).includes("/")) return undefined;
  return pointer.slice(prefix.length).replaceAll("~1", "/").replaceAll("~0", "~");
}

/**
 * The component schemas the given schemas use, directly or not, including themselves when
 * they are components; in the order the spec declares its components.
 */
export function reachableComponents(
  registry: SchemaRegistry,
  doc: OpenApiDocument,
  roots: string[],
): string[] {
  const seen = new Set<string>();
  const found = new Set<string>();
  const visit = (pointer: string) => {
    if (seen.has(pointer)) return;
    seen.add(pointer);
    const component = componentOf(pointer);
    if (component !== undefined) found.add(component);
    const model = registry.model(pointer);
    const next = [
      model.ref,
      model.items,
      model.not,
      typeof model.additionalProperties === "string" ? model.additionalProperties : undefined,
      ...(model.properties ?? []).map(([, p]) => p),
      ...(model.allOf ?? []),
      ...(model.anyOf ?? []),
      ...(model.oneOf ?? []),
    ];
    for (const p of next) if (p !== undefined) visit(p);
  };
  for (const root of roots) visit(root);
  return Object.keys(doc.components?.schemas ?? {}).filter((name) => found.has(name));
}
