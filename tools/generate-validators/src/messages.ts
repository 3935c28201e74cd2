import { formatNoun } from "./formats.js";
import type { Primitive } from "./schema-model.js";

// The texts of ordinary issues. Each follows the field's quoted name at runtime
// (`"email/3" must be an email address`), so each reads as the end of one English sentence.

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const list = (names: string[], joiner: string) =>
  names.length <= 1
    ? (names[0] ?? "")
    : `${names.slice(0, -1).join(", ")} ${joiner} ${names.at(-1)}`;
const quoted = (names: string[]) => names.map((n) => JSON.stringify(n));

/** Texts for each keyword; the code that carries each is the keyword's name. */
export const text = {
  enum: (values: Primitive[]) =>
    `must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
  const: (value: Primitive) => `must be ${JSON.stringify(value)}`,
  maxLength: (n: number) => `must be at most ${plural(n, "character", "characters")} long`,
  minLength: (n: number) =>
    n === 1 ? "must not be empty" : `must be at least ${plural(n, "character", "characters")} long`,
  format: (name: string) => `must be ${formatNoun(name)}`,
  pattern: (pattern: string) => `must match the pattern ${pattern}`,
  minimum: (n: number) => `must be at least ${n}`,
  maximum: (n: number) => `must be at most ${n}`,
  exclusiveMinimum: (n: number) => `must be greater than ${n}`,
  exclusiveMaximum: (n: number) => `must be less than ${n}`,
  /** Followed at runtime by the actual count. */
  maxItems: (n: number) => `must hold at most ${plural(n, "item", "items")}, got `,
  minItems: (n: number) =>
    n === 1 ? "must not be an empty array" : `must hold at least ${plural(n, "item", "items")}`,
  maxProperties: (n: number) => `must have at most ${plural(n, "field", "fields")}`,
  minProperties: (n: number) => `must have at least ${plural(n, "field", "fields")}`,
  required: () => "is required",
  additionalProperties: (allowed: string[]) =>
    allowed.length === 0
      ? "is not allowed (no fields are)"
      : allowed.length <= 20
        ? `is not an allowed field (allowed: ${allowed.join(", ")})`
        : "is not an allowed field",
  atLeastOneOf: (names: string[]) => `needs at least one of ${list(quoted(names), "or")}`,
  conflict: (names: string[]) =>
    names.length === 1
      ? `must not contain ${quoted(names)[0]}`
      : `must not contain both ${list(quoted(names), "and")}`,
  anyOf: (labels: string[]) => `must match at least one of ${list(labels, "or")}`,
  oneOf: (labels: string[]) => `must match exactly one of ${list(labels, "or")}`,
  not: (label: string) => `must not match ${label}`,
};
