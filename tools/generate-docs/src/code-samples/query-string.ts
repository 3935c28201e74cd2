import type { QueryArrayFormat } from "@braze-subscriptions/generate-client";

/**
 * A query string as the spec's `x-query-array-format` writes several values of one parameter
 * (`name[]=a&name[]=b` or `name=a&name=b`); names and values percent-encoded, brackets kept.
 */
export function queryString(query: Record<string, unknown>, format: QueryArrayFormat): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    const key = encodeURIComponent(name);
    const values = Array.isArray(value) ? value : [value];
    const written = Array.isArray(value) && format === "brackets" ? `${key}[]` : key;
    for (const item of values) parts.push(`${written}=${encodeURIComponent(String(item))}`);
  }
  return parts.join("&");
}
