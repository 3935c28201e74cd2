/** Resolved retry settings (see `RetryOptions` for the documented defaults). */
export interface RetryPolicy {
  maxAttempts: number;
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Statuses worth another attempt: 429 (after the pause), 408 and every 5xx. Never 400, 401,
 * 403, 404 or 413: the same request would get the same answer.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 408 || status >= 500;
}

/**
 * Attempts a request gets when the answers are 2xx but not the documented success (an HTML
 * page, an empty or cut-off body): one retry, within `maxAttempts`. Such answers more often
 * come from a wrong base URL or a login proxy than from a passing fault, and every attempt
 * spends the workspace's shared rate budget.
 */
export const MAX_UNEXPECTED_ATTEMPTS = 2;

/**
 * "Full jitter" exponential backoff: uniform in [0, min(maxDelay, base · 2^(attempt-1))].
 * Spreads retries of many clients hit by the same outage instead of synchronising them.
 */
export function backoffDelayMs(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.min(attempt - 1, 30));
  return random() * ceiling;
}
