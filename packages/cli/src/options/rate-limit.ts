import { MAX_TIMER_MS } from "@braze-subscriptions/client";
import { parseDuration } from "./duration.js";

/** A request budget: at most `limit` requests in any window of `intervalMs`. */
export interface RateLimitRule {
  /** Requests allowed per interval. */
  limit: number;
  /** The interval, in milliseconds. */
  intervalMs: number;
}

/**
 * Parses `--rate-limit` values such as `5000/1m`, `600/10s` or `100/s`. Throws a `TypeError`
 * naming the flag, what it expects and what was given.
 */
export function parseRateLimit(text: string, flag = "--rate-limit"): RateLimitRule {
  const [count, interval, ...rest] = text.split("/");
  const limit = Number(count);
  const intervalMs = interval === undefined ? undefined : parseDuration(interval);
  if (rest.length > 0 || !Number.isInteger(limit) || limit < 1 || intervalMs === undefined) {
    throw new TypeError(
      `${flag} expects <requests>/<interval> such as 600/10s, 100/s or 20/1m, the interval at most ${MAX_TIMER_MS} ms (about 24.8 days); got ${JSON.stringify(text)}`,
    );
  }
  return { limit, intervalMs };
}

/** Formats a rule the way `--rate-limit` takes it, e.g. `600/10s`. */
export function formatRateLimit(rule: RateLimitRule): string {
  const seconds = rule.intervalMs / 1_000;
  return Number.isInteger(seconds)
    ? `${rule.limit}/${seconds}s`
    : `${rule.limit}/${rule.intervalMs}ms`;
}
