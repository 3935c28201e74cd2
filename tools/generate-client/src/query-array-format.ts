import type { OpenApiDocument } from "./openapi-document.js";

/** The ways of putting several values of one query parameter in a URL. */
export const QUERY_ARRAY_FORMATS = ["brackets", "repeat"] as const;

/** `brackets`: `name[]=a&name[]=b`; `repeat`: `name=a&name=b` (OpenAPI's `form`, exploded). */
export type QueryArrayFormat = (typeof QUERY_ARRAY_FORMATS)[number];

/**
 * The document's `x-query-array-format`: one setting for the whole spec, since the encoding is
 * a property of the server, not of one parameter. Absent means OpenAPI's own default for query
 * parameters (`form`, exploded: `repeat`).
 */
export function queryArrayFormatOf(doc: OpenApiDocument): QueryArrayFormat {
  const value = (doc as unknown as Record<string, unknown>)["x-query-array-format"];
  if (value === undefined) return "repeat";
  if (!QUERY_ARRAY_FORMATS.includes(value as QueryArrayFormat)) {
    throw new Error(
      `x-query-array-format must be one of ${QUERY_ARRAY_FORMATS.join(", ")}, got ${JSON.stringify(value)}`,
    );
  }
  return value as QueryArrayFormat;
}
