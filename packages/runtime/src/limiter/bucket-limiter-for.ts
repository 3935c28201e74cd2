import type { Clock } from "../clock.js";
import type { ResolvedRuntimeOptions } from "../options/resolve-runtime-options.js";
import type { Logger } from "../telemetry.js";
import { BucketLimiter } from "./bucket-limiter.js";

/** One budget of the spec: its bucket name and the rule its `x-rate-limit` states. */
export interface BucketRule {
  bucket: string;
  limit: number;
  intervalMs: number;
}

/**
 * The limiter of one spec bucket with the runtime's shared settings (store, namespace,
 * headroom, burst): the writes' bucket and the reads' each get one, so spending one budget
 * never slows the other.
 */
export function bucketLimiterFor(
  { bucket, limit, intervalMs }: BucketRule,
  rateLimit: ResolvedRuntimeOptions["rateLimit"],
  clock: Clock,
  logger: Logger | undefined,
): BucketLimiter {
  return new BucketLimiter({
    store: rateLimit.store,
    key: `${rateLimit.namespace}:${bucket}`,
    rule: {
      limit,
      // Headroom widens the window the client keeps, so arrival jitter at the server cannot
      // squeeze limit+1 requests into one of its windows.
      intervalMs: intervalMs * (1 + rateLimit.headroom),
      burst: Math.min(rateLimit.burst, limit),
    },
    clock,
    // Half the headroom guards this process's actual send times; a quarter bounds how late a
    // wake-up may land among slots granted to other processes; a quarter absorbs network jitter.
    sendLogWindowMs: intervalMs * (1 + rateLimit.headroom / 2),
    lateSlotToleranceMs: (intervalMs * rateLimit.headroom) / 4,
    onStoreError: (error) =>
      logger?.warn("rate-limit store failed; retrying", { error: String(error) }),
  });
}
