/**
 * How many attempts a response or an error took. Kept beside the object (not on it) because
 * openapi-fetch hands our Response back untouched and we must not widen the Response type.
 */
const attempts = new WeakMap<object, number>();

/** Records the attempt count of a final response or error. */
export function recordAttempts(target: object, count: number): void {
  attempts.set(target, count);
}

/**
 * The attempt count recorded for `target`, 1 if none. 0 means no attempt left the process (the
 * call was aborted while its first attempt waited for the rate limit).
 */
export function attemptsOf(target: unknown): number {
  return (target !== null && typeof target === "object" ? attempts.get(target) : undefined) ?? 1;
}
