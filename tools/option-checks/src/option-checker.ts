import { describeValue } from "./describe-value.js";
import type { Field, FieldValues } from "./fields.js";
import { isTimerMs, timerMsExpected } from "./timer-limit.js";

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
 * `createBrazeRuntime: option "concurrency" must be an integer ≥ 1, got "x"`. Each check
 * returns `fallback` for `undefined` (the default lives beside the check that guards it).
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
      if (value === undefined) return {};
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        throw new TypeError(`${where}: options must be an object, got ${describeValue(value)}`);
      }
      for (const name of known === undefined ? [] : Object.keys(value)) {
        if (!known?.includes(name)) {
          throw new TypeError(
            `${where}: unknown option "${name}"; expected one of ${known?.join(", ")}`,
          );
        }
      }
      return value;
    },
    /**
     * Each option of `spec` checked in turn, one line per option, typed by its field:
     * `check.fields(given, { concurrency: integer({ min: 1, default: 64 }) })`. `at` prefixes
     * the names of a nested object's options (`"retry."`).
     */
    fields<S extends Record<string, Field<unknown>>>(
      given: object,
      spec: S,
      at = "",
    ): FieldValues<S> {
      const values = given as Record<string, unknown>;
      const entries = Object.entries(spec).map(([k, field]) => [
        k,
        field(values[k], at + k, check),
      ]);
      return Object.fromEntries(entries) as FieldValues<S>;
    },
    /** A nested options object (`retry`, `rateLimit`…): `{}` when unset. */
    object<T extends object>(
      value: T | undefined,
      name: string,
      expected = "an object",
    ): Partial<T> {
      if (value === undefined) return {};
      if (value === null || typeof value !== "object" || Array.isArray(value)) {
        return fail(name, expected, value);
      }
      return value;
    },
    /** An object with these methods (a logger, a store, a Redis client), as given. */
    methods<T>(value: T, name: string, methods: readonly string[], rule: string): T {
      const given = value as Record<string, unknown> | null;
      const ok = typeof given === "object" && given !== null;
      if (!ok || !methods.every((m) => typeof given[m] === "function")) must(name, rule, value);
      return value;
    },
    number<F extends number | undefined>(
      value: unknown,
      name: string,
      fallback: F,
      rule: NumberRule = {},
    ): number | F {
      if (value === undefined) return fallback;
      if (typeof value === "number" && inRange(value, rule)) return value;
      return fail(name, rule.text ?? `a finite number ≥ ${rule.min ?? rule.above ?? 0}`, value);
    },
    /** An integer from `min` to `max` (e.g. a port, `concurrency`). */
    integer<F extends number | undefined>(
      value: unknown,
      name: string,
      fallback: F,
      min: number,
      max = Number.MAX_SAFE_INTEGER,
    ): number | F {
      if (value === undefined) return fallback;
      if (Number.isInteger(value) && inRange(value as number, { min, max })) return value as number;
      return fail(name, integerExpected(min, max), value);
    },
    /** Milliseconds a timer can hold (at most `MAX_TIMER_MS`), whole with `integer`. */
    duration<F extends number | undefined>(
      value: unknown,
      name: string,
      fallback: F,
      min: number,
      integer = false,
    ): number | F {
      if (value === undefined) return fallback;
      const ok = isTimerMs(value, min) && (!integer || Number.isInteger(value));
      return ok ? (value as number) : fail(name, timerMsExpected(min, integer), value);
    },
    /** A non-empty string (`what`: "string", or "path" for file options). */
    text<F extends string | undefined>(
      value: unknown,
      name: string,
      fallback: F,
      what = "string",
    ): string | F {
      if (value === undefined) return fallback;
      return typeof value === "string" && value.trim() !== ""
        ? value
        : fail(name, `a non-empty ${what}`, value);
    },
    boolean(value: unknown, name: string, fallback: boolean): boolean {
      if (value === undefined) return fallback;
      return typeof value === "boolean" ? value : fail(name, "a boolean", value);
    },
    /** A function, or `undefined` when unset (hooks have no default). */
    fn<F>(value: F | undefined, name: string, expected = "a function"): F | undefined {
      if (value === undefined || typeof value === "function") return value;
      return fail(name, expected, value);
    },
    /** One of a few strings. */
    oneOf<T extends string>(value: unknown, name: string, fallback: T, choices: readonly T[]): T {
      if (value === undefined) return fallback;
      if ((choices as readonly unknown[]).includes(value)) return value as T;
      return fail(name, choices.map((c) => JSON.stringify(c)).join(" or "), value);
    },
  };
  return check;
}

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
