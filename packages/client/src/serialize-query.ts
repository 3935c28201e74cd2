import { queryArrayFormat } from "./generated/metadata.gen.js";

/** How several values of one query parameter are written: the spec's `x-query-array-format`. */
export type QueryArrayFormat = "brackets" | "repeat";

/**
 * Serializes a query object the way the spec says the server reads it: a scalar as
 * `name=value`, an array as `name[]=a&name[]=b` (`brackets`) or `name=a&name=b` (`repeat`).
 * `undefined`, `null` and empty arrays are left out (an empty list is never sent). Brackets
 * are written as they are, as the API's own examples show them; names and values are
 * percent-encoded.
 */
export function serializeQuery(
  query: Record<string, unknown> | undefined,
  format: QueryArrayFormat = queryArrayFormat,
): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null) continue;
    const key = encodeURIComponent(name);
    if (Array.isArray(value)) {
      const arrayKey = format === "brackets" ? `${key}[]` : key;
      for (const item of value) parts.push(`${arrayKey}=${encodeURIComponent(String(item))}`);
    } else {
      parts.push(`${key}=${encodeURIComponent(String(value))}`);
    }
  }
  return parts.join("&");
}
