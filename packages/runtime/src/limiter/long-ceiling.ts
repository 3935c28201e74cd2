import { MAX_LOGGED_GRANTS } from "./memory-limiter-store.js";

/**
 * The most requests a rate limit told over a longer window than the server's can be held to:
 * such a rule is held by the limiter's log alone (no word of the server can hold it), and the
 * log keeps this many grants, so a larger `share × limit` would never be reached by its count.
 */
export const MAX_LONG_CEILING = MAX_LOGGED_GRANTS;

/**
 * Whether a rule told over `intervalMs`, longer than the server's window (`serverIntervalMs`,
 * the spec's), asks more than the limiter can hold (`share × limit` above
 * {@link MAX_LONG_CEILING}). If so, returns the same promise over the server's window, at least
 * as strict, to give instead; `undefined` when the rule can be held as told. Lets a caller
 * refuse such a rule before it builds a runtime (`createBrazeRuntime` refuses it too).
 */
export function longCeilingBeyondLog(
  rule: { limit: number; intervalMs: number },
  share: number,
  serverIntervalMs: number,
): { limit: number; intervalMs: number } | undefined {
  if (rule.intervalMs <= serverIntervalMs) return undefined;
  if (Math.floor(rule.limit * share) <= MAX_LONG_CEILING) return undefined;
  const limit = Math.max(1, Math.floor((rule.limit * serverIntervalMs) / rule.intervalMs));
  return { limit, intervalMs: serverIntervalMs };
}
