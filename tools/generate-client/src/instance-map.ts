import type { OpenApiDocument } from "./openapi-document.js";

/**
 * Maps instance names to base URLs from the spec's `servers`. A server is named by its
 * `x-instance` extension; servers without one are not addressable by name.
 */
export function instanceMap(doc: OpenApiDocument): Record<string, string> {
  const map: Record<string, string> = {};
  for (const server of doc.servers ?? []) {
    const name = server["x-instance"];
    if (typeof name !== "string" || name === "") continue;
    if (name in map) throw new Error(`Two servers claim the instance name ${name}`);
    map[name] = server.url.replace(/\/+$/, "");
  }
  return map;
}
