import type { OpenApiDocument } from "./openapi-document.js";

/**
 * The values of every named string enum of the spec (`components.schemas.X.enum`), keyed by
 * schema name, in the spec's order: a state the spec adds (a `paused`, say) reaches the
 * runtime's checks and the CLI's choices with a rebuild, where the types alone would only
 * reach the compiler. Enums of other types, and inline ones, have no name to export under.
 */
export function schemaEnums(doc: OpenApiDocument): Record<string, string[]> {
  const enums: Record<string, string[]> = {};
  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    const values = schema.enum;
    if (!Array.isArray(values) || values.length === 0) continue;
    if (!values.every((value): value is string => typeof value === "string")) continue;
    enums[name] = values;
  }
  return enums;
}
