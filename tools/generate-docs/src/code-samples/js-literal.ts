/** Source code to emit as is inside a {@link jsLiteral}, e.g. `process.env.API_KEY`. */
export class RawCode {
  constructor(readonly code: string) {}
}

/** Wraps source code so {@link jsLiteral} emits it unquoted. */
export function raw(code: string): RawCode {
  return new RawCode(code);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Lines longer than this are broken up, as the repository's formatter (Biome) would. */
const MAX_WIDTH = 100;

/**
 * Renders a JSON-like value as a JavaScript literal the way a formatter would write it: keys
 * unquoted when they can be, double-quoted strings, trailing commas, and a value kept on one
 * line when that line fits.
 */
export function jsLiteral(value: unknown, indent = "", usedWidth = 0): string {
  const flat = flatLiteral(value);
  if (flat !== undefined && indent.length + usedWidth + flat.length <= MAX_WIDTH) return flat;
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    return `[\n${value.map((item) => `${inner}${jsLiteral(item, inner)},\n`).join("")}${indent}]`;
  }
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    const lines = entries.map(([key, item]) => {
      const name = `${propertyName(key)}: `;
      return `${inner}${name}${jsLiteral(item, inner, name.length)},\n`;
    });
    return `{\n${lines.join("")}${indent}}`;
  }
  return flat ?? "undefined";
}

/** The one-line form of a value. */
function flatLiteral(value: unknown): string | undefined {
  if (value instanceof RawCode) return value.code;
  if (value === null || typeof value === "number" || typeof value === "boolean") {
    return String(value);
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => flatLiteral(item)).join(", ")}]`;
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return "{}";
    return `{ ${entries.map(([key, item]) => `${propertyName(key)}: ${flatLiteral(item)}`).join(", ")} }`;
  }
  return undefined;
}

function propertyName(key: string): string {
  return IDENTIFIER.test(key) ? key : JSON.stringify(key);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof RawCode)
  );
}
