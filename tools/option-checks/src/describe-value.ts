/** Wraps a secret (an API key) so that {@link describeValue} gives its length only. */
export class Secret {
  constructor(readonly value: unknown) {}
}

/** A short, safe description of a bad value for an error message (long strings are cut). */
export function describeValue(value: unknown): string {
  if (value instanceof Secret) {
    return typeof value.value === "string"
      ? `a ${value.value.length}-character string`
      : describeValue(value.value);
  }
  if (typeof value === "string") {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  }
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "function") return "a function";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
