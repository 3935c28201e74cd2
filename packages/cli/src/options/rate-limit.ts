import type { RateLimitRule } from "@braze-subscriptions/option-checks";

/** `--rate-limit` values such as `5000/1m`, `600/10s` or `100/s` (the fake's flag takes the same). */
export {
  type RateLimitRule,
  rateLimitFlag as parseRateLimit,
} from "@braze-subscriptions/option-checks";

/** Formats a rule the way `--rate-limit` takes it, e.g. `600/10s`. */
export function formatRateLimit(rule: RateLimitRule): string {
  const seconds = rule.intervalMs / 1_000;
  return Number.isInteger(seconds)
    ? `${rule.limit}/${seconds}s`
    : `${rule.limit}/${rule.intervalMs}ms`;
}
