import type { Clock } from "../clock.js";
import type { Logger } from "../telemetry.js";
import { BucketLimiter, type BucketLimiterConfig } from "./bucket-limiter.js";
import type { LimiterStore } from "./limiter-store.js";

/** The runtime's settings every bucket's limiter shares (its resolved `rateLimit` option). */
export interface SharedLimiterSettings {
  store: LimiterStore;
  namespace: string;
  headroom: number;
  share: number;
}

/** One budget of the spec: its bucket name and the rule its `x-rate-limit` states. */
export interface BucketRule {
  bucket: string;
  limit: number;
  intervalMs: number;
  /**
   * The rule was given in the options rather than the spec's: a ceiling
   * (`RateLimitRule.ceiling`). @default false
   */
  ceiling?: boolean;
  /** The server's window as the spec states it (`RateLimitRule.serverIntervalMs`). */
  serverIntervalMs?: number;
}

/**
 * The limiter of one spec bucket with the runtime's shared settings (store, namespace,
 * headroom, share): the writes' bucket and the reads' each get one, so spending one budget
 * never slows the other.
 */
export function bucketLimiterFor(
  { bucket, limit, intervalMs, ceiling, serverIntervalMs }: BucketRule,
  rateLimit: SharedLimiterSettings,
  clock: Clock,
  logger: Logger | undefined,
  storeEvents: Pick<BucketLimiterConfig, "onStoreUnavailable" | "onStoreRecovered"> = {},
): BucketLimiter {
  return new BucketLimiter({
    store: rateLimit.store,
    key: `${rateLimit.namespace}:${bucket}`,
    rule: {
      limit,
      intervalMs,
      headroom: rateLimit.headroom,
      share: rateLimit.share,
      ceiling: ceiling === true,
      ...(serverIntervalMs === undefined ? {} : { serverIntervalMs }),
    },
    clock,
    onStoreError: (error) =>
      logger?.warn("rate-limit store failed; retrying", { error: String(error) }),
    ...storeEvents,
  });
}
