import type { QueryShape } from "../spec/operations.js";

/**
 * Reads a query string into the object the spec's query validator checks (name → value).
 * Both encodings of several values are accepted, as Braze's own is not documented:
 * `name[]=a&name[]=b` and `name=a&name=b`. A name given once without brackets stays a
 * string; values of `integer`, `number` and `boolean` parameters are converted when they
 * read as one (otherwise left as text, for the validator to refuse).
 */
export function parseQuery(search: string, shape: QueryShape): Record<string, unknown> {
  const values = new Map<string, string[]>();
  const bracketed = new Set<string>();
  for (const [rawName, value] of new URLSearchParams(search)) {
    const name = rawName.endsWith("[]") ? rawName.slice(0, -2) : rawName;
    if (name !== rawName) bracketed.add(name);
    const list = values.get(name);
    if (list === undefined) values.set(name, [value]);
    else list.push(value);
  }
  const query: Record<string, unknown> = {};
  for (const [name, list] of values) {
    const type = shape.parameters[name]?.type ?? null;
    const converted = list.map((value) => convert(value, type));
    query[name] = converted.length > 1 || bracketed.has(name) ? converted : converted[0];
  }
  return query;
}

function convert(value: string, type: string | null): unknown {
  if ((type === "integer" || type === "number") && /^-?\d+(\.\d+)?$/.test(value))
    return Number(value);
  if (type === "boolean" && (value === "true" || value === "false")) return value === "true";
  return value;
}
