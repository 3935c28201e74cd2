/** Throws the `TypeError` of a bad option: its name, what was expected, what was given. */
export type Fail = (name: string, expected: string, got: unknown) => never;

/**
 * Reads an integer option from `min` to `max`, or `fallback` when it is unset; fails otherwise.
 * Durations pass `MAX_TIMER_MS` as `max`: a timer cannot hold more.
 */
export type Int = (
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max?: number,
) => number;
