import { rateLimitFlag } from "@braze-subscriptions/option-checks";

/** A request budget: at most `limit` requests in any window of `intervalMs`. */
export interface RateLimitRule {
  /** Requests allowed per interval. */
  limit: number;
  /** The interval, in milliseconds. */
  intervalMs: number;
}

/**
 * Parses `--rate-limit` values such as `5000/1m`, `600/10s` or `100/s` (the fake's flag takes
 * the same). Throws a `TypeError` naming the flag, what it expects and what was given.
 */
export function parseRateLimit(text: string, flag = "--rate-limit"): RateLimitRule {
  return rateLimitFlag(text, flag);
}

/** Formats a rule the way `--rate-limit` takes it, e.g. `600/10s`. */
export function formatRateLimit(rule: RateLimitRule): string {
  const seconds = rule.intervalMs / 1_000;
  return Number.isInteger(seconds)
    ? `${rule.limit}/${seconds}s`
    : `${rule.limit}/${rule.intervalMs}ms`;
}
