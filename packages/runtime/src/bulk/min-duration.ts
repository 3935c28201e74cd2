/**
 * The least time `requests` requests take at a rate limit of `limit` per `intervalMs`: they
 * leave one every `intervalMs / limit`, the first at once. What `planSetStatus` reports and
 * what the CLI's start block shows, so both agree.
 */
export function minDurationMs(
  requests: number,
  rule: { limit: number; intervalMs: number },
): number {
  return Math.max(0, requests - 1) * (rule.intervalMs / rule.limit);
}
