import type { RateLimitRule } from "./limiter-store.js";

/** The two numbers GCRA needs, derived from a rule. */
export interface GcraParams {
  /** Time between two slots at the sustained rate (ms, fractional). */
  emissionIntervalMs: number;
  /** How far ahead of its theoretical time a slot may be granted (ms). */
  toleranceMs: number;
}

/**
 * GCRA parameters that keep every window of `intervalMs` at or under `limit`: with a burst of
 * B, L+1 consecutive slots are at least `(L - B + 1) · T/(L - B + 1) = T` apart, so no window
 * of length T holds more than L. Exported so other stores (Redis) use the same arithmetic.
 */
export function gcraParams(rule: RateLimitRule): GcraParams {
  const burst = Math.min(rule.burst ?? 1, rule.limit);
  const emissionIntervalMs = rule.intervalMs / (rule.limit - burst + 1);
  return { emissionIntervalMs, toleranceMs: (burst - 1) * emissionIntervalMs };
}

/**
 * One GCRA reservation: given the theoretical arrival time `tat` (ms epoch, 0 when new), a pause
 * and `now`, returns when the new slot may be used and the next `tat`.
 */
export function reserveSlot(
  params: GcraParams,
  tat: number,
  pausedUntil: number,
  now: number,
): { sendAt: number; tat: number } {
  const sendAt = Math.max(now, tat - params.toleranceMs, pausedUntil);
  return { sendAt, tat: Math.max(tat, sendAt) + params.emissionIntervalMs };
}
