/** What a response said about the rate limit, in the client's clock. */
export interface RateLimitHints {
  /** `X-RateLimit-Limit`, when present. */
  limit?: number;
  /** `X-RateLimit-Remaining`, when present. */
  remaining?: number;
  /** `X-RateLimit-Reset` (epoch seconds) converted to epoch ms, when present. */
  resetAtMs?: number;
  /** `Retry-After` (seconds or an HTTP date) converted to epoch ms, when present. */
  retryAtMs?: number;
}

/**
 * Reads `X-RateLimit-*` and `Retry-After`. `Headers.get` is case-insensitive, so the lower-case
 * names of HTTP/2 work too. Unparseable values are ignored rather than trusted.
 */
export function readRateLimitHints(headers: Headers, now: number): RateLimitHints {
  const hints: RateLimitHints = {};
  const limit = toNumber(headers.get("x-ratelimit-limit"));
  if (limit !== undefined) hints.limit = limit;
  const remaining = toNumber(headers.get("x-ratelimit-remaining"));
  if (remaining !== undefined) hints.remaining = remaining;
  const reset = toNumber(headers.get("x-ratelimit-reset"));
  if (reset !== undefined) hints.resetAtMs = reset * 1000;
  const retryAfter = headers.get("retry-after");
  if (retryAfter !== null) {
    const seconds = toNumber(retryAfter);
    if (seconds !== undefined) hints.retryAtMs = now + seconds * 1000;
    else if (/[a-z]/i.test(retryAfter)) {
      // An HTTP date ("Wed, 21 Oct 2026 07:28:00 GMT"); bare numbers were handled above.
      const date = Date.parse(retryAfter);
      if (!Number.isNaN(date)) hints.retryAtMs = date;
    }
  }
  return hints;
}

/**
 * The moment the server allows the next request, or undefined when it did not say. Bounded to
 * one interval ahead so a skewed server clock cannot stall the client for long.
 */
export function resumeAtMs(
  hints: RateLimitHints,
  now: number,
  maxWaitMs: number,
): number | undefined {
  const candidates = [hints.resetAtMs, hints.retryAtMs].filter((t): t is number => t !== undefined);
  if (candidates.length === 0) return undefined;
  return Math.min(Math.max(now, ...candidates), now + maxWaitMs);
}

/** Plain decimal digits (a fraction allowed): what `Number` reads beyond that is not a count. */
const DECIMAL = /^\s*\d+(\.\d+)?\s*$/;

/**
 * A non-negative decimal number, or undefined. Not `Number` alone: it reads `0x10` as 16 and
 * `1e1` as 10, so a proxy's odd `Retry-After` made a retry wait 16 s.
 */
function toNumber(value: string | null): number | undefined {
  if (value === null || !DECIMAL.test(value)) return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}
