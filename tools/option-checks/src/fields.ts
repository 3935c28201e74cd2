import {
  type Field,
  type FieldValues,
  inRange,
  integerExpected,
  type NumberRule,
} from "./option-checker.js";
import { isTimerMs, timerMsExpected } from "./timer-limit.js";

/** A field that gives `fallback` for `undefined` and `value` when `ok`, else fails. */
const rule =
  <T, F>(fallback: F, ok: (value: unknown) => boolean, expected: string): Field<T | F> =>
  (value, name, check) =>
    value === undefined ? fallback : ok(value) ? (value as T) : check.fail(name, expected, value);

/** An integer from `min` to `max` (`default` for unset; `undefined` keeps it unset). */
export const integer = <F extends number | undefined>(r: {
  min: number;
  max?: number;
  default: F;
}) =>
  rule<number, F>(
    r.default,
    (v) => Number.isSafeInteger(v) && inRange(v as number, r),
    integerExpected(r.min, r.max),
  );

/** A number within `r`'s bounds (`text` states them; else `a finite number ≥ min`). */
export const number = <F extends number | undefined>(r: NumberRule & { default: F }) =>
  rule<number, F>(
    r.default,
    (v) => typeof v === "number" && inRange(v, r),
    r.text ?? `a finite number ≥ ${r.min ?? r.above ?? 0}`,
  );

/** Milliseconds from `min` a timer can hold (at most `MAX_TIMER_MS`), whole with `integer`. */
export const duration = <F extends number | undefined>(r: {
  min: number;
  integer?: boolean;
  default: F;
}) =>
  rule<number, F>(
    r.default,
    (v) => isTimerMs(v, r.min) && (!r.integer || Number.isInteger(v)),
    timerMsExpected(r.min, r.integer),
  );

/** A non-empty string (`what`: "path" for file options); `fallback` may be `undefined`. */
export const text = <F extends string | undefined>(fallback: F, what = "string") =>
  rule<string, F>(fallback, (v) => typeof v === "string" && v.trim() !== "", `a non-empty ${what}`);

/** A boolean. */
export const boolean = (fallback: boolean) =>
  rule<boolean, boolean>(fallback, (v) => typeof v === "boolean", "a boolean");

/** A function, `fallback` when unset (`fn<Hook | undefined>()`); `expected` names it in errors. */
export const fn = <F>(fallback?: F, expected = "a function") =>
  rule<F, F>(fallback as F, (v) => typeof v === "function", expected);

/** One of a few strings. */
export const oneOf = <const T extends string>(choices: readonly T[], fallback: T) =>
  rule<T, T>(
    fallback,
    (v) => (choices as readonly unknown[]).includes(v),
    choices.map((c) => JSON.stringify(c)).join(" or "),
  );

/** A value `test` accepts (`expected` describes it in errors), `undefined` when unset. */
export const satisfying = <T>(test: (value: unknown) => value is T, expected: string) =>
  rule<T, undefined>(undefined, test, expected);

/**
 * A nested options object (`retry`, `failFast`…), its own fields checked as `name.field`; a
 * name outside `spec` is refused (`retry.maxAttempt`), as `check.options` refuses one at the
 * top level.
 */
export const object =
  <S extends Record<string, Field<unknown>>>(spec: S, expected?: string): Field<FieldValues<S>> =>
  (value, name, check) => {
    const given = check.object(value as object | undefined, name, expected);
    check.known(given, Object.keys(spec), `${name}.`);
    return check.fields(given, spec, `${name}.`);
  };
