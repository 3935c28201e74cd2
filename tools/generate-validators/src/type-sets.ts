import type { JsonType, SchemaModel } from "./schema-model.js";
import type { SchemaRegistry } from "./schema-registry.js";

/** A JSON type as `typeof`-style tests tell them apart (`integer` is a `number`). */
export type RuntimeType = "string" | "number" | "boolean" | "null" | "array" | "object";

const ALL: RuntimeType[] = ["string", "number", "boolean", "null", "array", "object"];

/**
 * The runtime types a schema can accept, or `undefined` when any could pass. Used to turn a
 * `oneOf`/`anyOf` whose branches take different types (a string or an array of strings) into
 * a dispatch on the input's type: one precise set of issues instead of "must match exactly one".
 */
export function typeSet(
  registry: SchemaRegistry,
  pointer: string,
  seen = new Set<string>(),
): Set<RuntimeType> | undefined {
  if (seen.has(pointer)) return undefined;
  seen.add(pointer);
  const model = registry.model(pointer);
  if (model.always === true) return undefined;
  if (model.always === false) return new Set();
  let result = model.types ? new Set(model.types.map(runtimeType)) : undefined;
  const narrow = (other: Set<RuntimeType> | undefined) => {
    if (other) result = result ? new Set([...result].filter((t) => other.has(t))) : other;
  };
  if (model.enumValues) narrow(new Set(model.enumValues.map(typeOfValue)));
  if (model.constValue) narrow(new Set([typeOfValue(model.constValue.value)]));
  if (model.ref) narrow(typeSet(registry, model.ref, seen));
  for (const entry of model.allOf ?? []) narrow(typeSet(registry, entry, seen));
  for (const branches of [model.anyOf, model.oneOf]) {
    if (!branches) continue;
    const sets = branches.map((b) => typeSet(registry, b, seen));
    if (sets.every((s) => s !== undefined))
      narrow(new Set(sets.flatMap((s) => [...(s as Set<RuntimeType>)])));
  }
  return result;
}

/**
 * When every branch accepts a known set of types and no two sets overlap, the branch to try
 * for each input type; otherwise `undefined`.
 */
export function dispatchByType(
  registry: SchemaRegistry,
  branches: string[],
): Array<[Set<RuntimeType>, string]> | undefined {
  const sets = branches.map((b) => typeSet(registry, b));
  const claimed = new Set<RuntimeType>();
  for (const set of sets) {
    if (!set || set.size === 0) return undefined;
    for (const type of set) {
      if (claimed.has(type)) return undefined;
      claimed.add(type);
    }
  }
  return branches.map((b, i) => [sets[i] as Set<RuntimeType>, b]);
}

/** A JavaScript test that `value` has one of the given runtime types. */
export function runtimeTypeTest(types: Iterable<RuntimeType>, value: string): string {
  const tests = [...types]
    .sort((a, b) => ALL.indexOf(a) - ALL.indexOf(b))
    .map((type) => {
      switch (type) {
        case "string":
        case "number":
        case "boolean":
          return `typeof ${value} === "${type}"`;
        case "null":
          return `${value} === null`;
        case "array":
          return `Array.isArray(${value})`;
        default:
          return `(typeof ${value} === "object" && ${value} !== null && !Array.isArray(${value}))`;
      }
    });
  return tests.length === 1 ? (tests[0] as string) : `(${tests.join(" || ")})`;
}

/** The test of one `type` keyword entry, with Ajv's semantics (numbers must be finite). */
export function jsonTypeTest(type: JsonType, value: string): string {
  switch (type) {
    case "integer":
      return `(typeof ${value} === "number" && Number.isInteger(${value}))`;
    case "number":
      return `(typeof ${value} === "number" && Number.isFinite(${value}))`;
    default:
      return runtimeTypeTest([type], value);
  }
}

/** Names types for messages: `a string or an array`. */
export function typeNames(types: Iterable<JsonType | RuntimeType>): string {
  const names = [...types].map((t) =>
    t === "array" || t === "object" || t === "integer"
      ? `an ${t}`
      : t === "null"
        ? "null"
        : `a ${t}`,
  );
  return names.length <= 1
    ? (names[0] ?? "nothing")
    : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`;
}

function runtimeType(type: JsonType): RuntimeType {
  return type === "integer" ? "number" : type;
}

function typeOfValue(value: unknown): RuntimeType {
  return value === null ? "null" : (typeof value as RuntimeType);
}

/** For each group of type-specific keywords: known to apply, to test at runtime, or never. */
export interface TypeGroups {
  string: Applicability;
  number: Applicability;
  array: Applicability;
  object: Applicability;
}

/** `known`: the schema's only type; `test`: one of several, or no `type` keyword; `never`. */
export type Applicability = "known" | "test" | "never";

/** Which type-specific keyword groups apply to a schema's values. */
export function typeGroups(model: SchemaModel): TypeGroups {
  const of = (...members: string[]): Applicability => {
    if (!model.types) return "test";
    const matching = model.types.filter((t) => members.includes(t));
    if (matching.length === 0) return "never";
    return matching.length === model.types.length ? "known" : "test";
  };
  return {
    string: of("string"),
    number: of("number", "integer"),
    array: of("array"),
    object: of("object"),
  };
}
