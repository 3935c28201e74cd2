/** A JSON object as parsed from a bundled spec. */
export type JsonObject = Record<string, unknown>;

/** Whether a value is a plain JSON object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** The value as a JSON object, or an empty one when it is missing or not an object. */
export function asObject(value: unknown): JsonObject {
  return isObject(value) ? value : {};
}

/** A short rendering of a JSON value for change messages. */
export function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? "undefined" : text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
