/** A rate-limit rule: at most `limit` requests in any sliding window of `intervalMs`. */
export interface RateLimitRule {
  /** Requests allowed per interval. */
  limit: number;
  /** Length of the window in milliseconds. */
  intervalMs: number;
  /**
   * How many requests may leave back to back. The sustained rate is lowered so that the
   * window rule still holds: `limit - burst + 1` requests spaced evenly, plus the burst.
   * @default 1
   */
  burst?: number;
}

/**
 * Where rate-limit state lives. In memory by default ({@link MemoryLimiterStore}); a shared
 * store (Redis, `@braze-subscriptions/runtime/redis`) lets several processes draw on one
 * budget, because Braze counts the limit per workspace, not per process.
 */
export interface LimiterStore {
  /**
   * Atomically reserves one request slot on `key` under `rule` (never more than `rule.limit`
   * in ANY sliding window of `rule.intervalMs`). Resolves with the time to wait before sending
   * (0 = send now). The slot is reserved when this resolves. Also honours any pause set by
   * {@link LimiterStore.pauseUntil} (`waitMs` then covers it).
   */
  acquire(key: string, rule: RateLimitRule): Promise<{ waitMs: number }>;
  /**
   * Server feedback from a 429 or an exhausted `X-RateLimit-Remaining`: no slot on `key` is
   * granted before `untilEpochMs` (by any process sharing the store).
   */
  pauseUntil(key: string, untilEpochMs: number): Promise<void>;
  /** Releases resources (connections). */
  close?(): Promise<void>;
}
