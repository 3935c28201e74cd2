/**
 * The longest delay a timer can hold, in milliseconds (2^31 − 1, about 24.8 days). Node and
 * browsers keep `setTimeout` delays in a signed 32-bit integer: Node turns a longer one into
 * 1 ms with only a warning, so a "30-day" timeout would fire at once. Every duration option and
 * flag of every package is checked against this one value.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/** Whether `value` is a number of milliseconds from `min` to {@link MAX_TIMER_MS}. */
export function isTimerMs(value: unknown, min = 0): value is number {
  return (
    typeof value === "number" && Number.isFinite(value) && value >= min && value <= MAX_TIMER_MS
  );
}

/**
 * How errors state the rule, e.g. `a number of milliseconds from 1 to 2147483647 (…)`.
 * @param integer say "an integer number" for options that also require whole milliseconds.
 */
export function timerMsExpected(min = 0, integer = false): string {
  return `${integer ? "an integer" : "a"} number of milliseconds from ${min} to ${MAX_TIMER_MS} (the longest a timer can wait, about 24.8 days)`;
}
