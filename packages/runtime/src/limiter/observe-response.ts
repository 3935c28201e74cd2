import type { Clock } from "../clock.js";
import { backoffDelayMs, type RetryPolicy } from "../retry/retry-policy.js";
import { callHook, type Hooks, type Logger } from "../telemetry.js";
import type { BucketLimiter } from "./bucket-limiter.js";
import { readRateLimitHints, resumeAtMs } from "./rate-limit-headers.js";

/** What {@link observeResponse} needs from the resilient fetch. */
export interface ObserveContext {
  limiter: BucketLimiter;
  clock: Clock;
  retry: RetryPolicy;
  random: () => number;
  hooks: Hooks;
  logger: Logger | undefined;
}

/**
 * Tells the limiter what a response said about the server's budget (`X-RateLimit-*` of every
 * answer, for the grant `ticket` it was sent under), and pauses the bucket on a 429 until the
 * server's reset (or a backoff when it gave none).
 */
export async function observeResponse(
  response: Response,
  context: ObserveContext,
  attempt: number,
  ticket: number,
): Promise<void> {
  const { limiter, clock, retry } = context;
  const now = clock.now();
  const hints = readRateLimitHints(response.headers, now);
  const refused = response.status === 429;
  await limiter.observe({
    ticket,
    refused,
    ...(hints.remaining === undefined ? {} : { remaining: hints.remaining }),
    ...(hints.limit === undefined ? {} : { limit: hints.limit }),
    ...(hints.resetAtMs === undefined ? {} : { resetAtMs: hints.resetAtMs }),
  });
  if (!refused) return;
  const until =
    resumeAtMs(hints, now, limiter.rule.intervalMs) ??
    now + retry.baseDelayMs + backoffDelayMs(retry, attempt, context.random);
  await limiter.pauseUntil(until);
  const event = {
    status: response.status,
    untilEpochMs: until,
    ...(hints.remaining === undefined ? {} : { remaining: hints.remaining }),
  };
  callHook(context.hooks.onRateLimited, event, context.logger);
  context.logger?.info("rate limited by Braze; pausing the bucket", event);
}
