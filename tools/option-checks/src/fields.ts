import type { NumberRule, OptionChecker } from "./option-checker.js";

/**
 * How one option is checked: its value with the default applied, or a `TypeError` from
 * `check` naming it. `name` is the option's full name (`retry.maxDelayMs`).
 */
export type Field<T> = (value: unknown, name: string, check: OptionChecker) => T;

/** The checked values of a {@link OptionChecker.fields} spec, typed by their fields. */
export type FieldValues<S> = { [K in keyof S]: S[K] extends Field<infer T> ? T : never };

/** An integer from `min` to `max` (`default` for unset; `undefined` keeps it unset). */
export const integer =
  <F extends number | undefined>(rule: {
    min: number;
    max?: number;
    default: F;
  }): Field<number | F> =>
  (value, name, check) =>
    check.integer(value, name, rule.default, rule.min, rule.max);

/** A number within `rule`'s bounds. */
export const number =
  <F extends number | undefined>(rule: NumberRule & { default: F }): Field<number | F> =>
  (value, name, check) =>
    check.number(value, name, rule.default, rule);

/** Milliseconds from `min` a timer can hold (whole ones with `integer`). */
export const duration =
  <F extends number | undefined>(rule: {
    min: number;
    integer?: boolean;
    default: F;
  }): Field<number | F> =>
  (value, name, check) =>
    check.duration(value, name, rule.default, rule.min, rule.integer);

/** A non-empty string (`what`: "path" for file options); `fallback` may be `undefined`. */
export const text =
  <F extends string | undefined>(fallback: F, what?: string): Field<string | F> =>
  (value, name, check) =>
    check.text(value, name, fallback, what);

/** A boolean. */
export const boolean =
  (fallback: boolean): Field<boolean> =>
  (value, name, check) =>
    check.boolean(value, name, fallback);

/** A function, `fallback` when unset (`fn<Hook | undefined>()`); `expected` names it in errors. */
export const fn =
  <F>(fallback?: F, expected?: string): Field<F> =>
  (value, name, check) =>
    check.fn(value as F | undefined, name, expected) ?? (fallback as F);

/** One of a few strings. */
export const oneOf =
  <const T extends string>(choices: readonly T[], fallback: T): Field<T> =>
  (value, name, check) =>
    check.oneOf(value, name, fallback, choices);

/** A nested options object (`retry`, `failFast`…), its own fields checked as `name.field`. */
export const object =
  <S extends Record<string, Field<unknown>>>(spec: S, expected?: string): Field<FieldValues<S>> =>
  (value, name, check) =>
    check.fields(check.object(value as object | undefined, name, expected), spec, `${name}.`);

/** A value `test` accepts (`expected` describes it in errors), `undefined` when unset. */
export const satisfying =
  <T>(test: (value: unknown) => value is T, expected: string): Field<T | undefined> =>
  (value, name, check) =>
    value === undefined || test(value) ? value : check.fail(name, expected, value);
