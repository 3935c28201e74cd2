import { describeValue } from "./describe-value.js";

/**
 * How one option is checked: its value with the default applied, or a `TypeError` from
 * `check` naming it. `name` is the option's full name (`retry.maxDelayMs`).
 */
export type Field<T> = (value: unknown, name: string, check: OptionChecker) => T;

/** The checked values of a `check.fields` spec, typed by their fields. */
export type FieldValues<S> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** Bounds of a number option; `text` states them in the error (default: from the bounds). */
export interface NumberRule {
  min?: number;
  max?: number;
  /** Exclusive lower bound. */
  above?: number;
  /** Exclusive upper bound. */
  below?: number;
  text?: string;
}

/**
 * The checks of one options object, every failure a `TypeError` that starts with `where` and
 * names the option, the rule and the value given:
 * `createBrazeRuntime: option "concurrency" must be an integer ≥ 1, got "x"`. Options are
 * checked by `fields`, one {@link Field} per option (the default lives beside its check).
 * `noun` is what is checked, for checks of a method's arguments (`argument "timeoutMs"`).
 */
export function optionChecker(where: string, noun = "option") {
  /** `rule` follows "must": `be an integer ≥ 1`, `have debug and info methods`. */
  const must = (name: string, rule: string, got: unknown): never => {
    throw new TypeError(`${where}: ${noun} "${name}" must ${rule}, got ${describeValue(got)}`);
  };
  const fail = (name: string, expected: string, got: unknown): never =>
    must(name, `be ${expected}`, got);
  const check = {
    must,
    fail,
    /** The options object itself; with `known`, refuses names outside it (typos). */
    options<T extends object>(value: T | undefined, known?: readonly string[]): Partial<T> {
      if (value !== undefined && !isRecord(value)) {
        throw new TypeError(`${where}: options must be an object, got ${describeValue(value)}`);
      }
      if (known) check.known(value ?? {}, known);
      return value ?? {};
    },
    /**
     * Refuses a name of `given` outside `known` (`at` prefixes it: `"retry."`), naming the
     * closest known name when only its letter case differs (`baseURL` for `baseUrl`): an
     * option ignored because of a typo would silently run with its default (another target,
     * another timeout).
     */
    known(given: object, known: readonly string[], at = ""): void {
      const typo = Object.keys(given).find((name) => !known.includes(name));
      if (typo === undefined) return;
      const near = known.find((name) => name.toLowerCase() === typo.toLowerCase());
      const hint = near === undefined ? "" : ` (did you mean "${at}${near}"?)`;
      throw new TypeError(
        `${where}: unknown ${noun} "${at}${typo}"${hint}; expected one of ${known.join(", ")}`,
      );
    },
    /**
     * Each option of `spec` checked in turn, one line per option, typed by its field:
     * `check.fields(given, { concurrency: field.integer({ min: 1, default: 64 }) })`. `at` prefixes
     * the names of a nested object's options (`"retry."`).
     */
    fields<S extends Record<string, Field<unknown>>>(
      given: object,
      spec: S,
      at = "",
    ): FieldValues<S> {
      const values = given as Record<string, unknown>;
      const entries = Object.entries(spec).map(([k, f]) => [k, f(values[k], at + k, check)]);
      return Object.fromEntries(entries) as FieldValues<S>;
    },
    /** A nested options object (`retry`, `rateLimit`…): `{}` when unset. */
    object<T extends object>(
      value: T | undefined,
      name: string,
      expected = "an object",
    ): Partial<T> {
      return value === undefined || isRecord(value) ? (value ?? {}) : fail(name, expected, value);
    },
    /** An object with these methods (a logger, a store, a Redis client), as given. */
    methods<T>(value: T, name: string, methods: readonly string[], rule: string): T {
      const given = value as Record<string, unknown> | null;
      const ok = typeof given === "object" && given !== null;
      if (!ok || !methods.every((m) => typeof given[m] === "function")) must(name, rule, value);
      return value;
    },
  };
  return check;
}

/** A plain object (not `null`, not an array). */
const isRecord = (value: unknown): value is object =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A fraction that leaves some over: from 0 to below 1 (`headroom`, `foreignShare`). */
export const BELOW_ONE: NumberRule = { min: 0, below: 1, text: "a number from 0 to below 1" };

/** Whether `n` is a finite number within the bounds of `rule`. */
export function inRange(n: number, rule: NumberRule): boolean {
  const { min, max, above, below } = rule;
  return (
    Number.isFinite(n) &&
    (min === undefined || n >= min) &&
    (max === undefined || n <= max) &&
    (above === undefined || n > above) &&
    (below === undefined || n < below)
  );
}

/** `an integer ≥ 1`, `an integer from 0 to 65535` (no bound: `an integer`). */
export function integerExpected(min?: number, max?: number): string {
  if (min === undefined || min === Number.MIN_SAFE_INTEGER) return "an integer";
  return max === undefined || max === Number.MAX_SAFE_INTEGER
    ? `an integer ≥ ${min}`
    : `an integer from ${min} to ${max}`;
}

/** What {@link optionChecker} returns. */
export type OptionChecker = ReturnType<typeof optionChecker>;
