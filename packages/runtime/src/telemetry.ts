/** A structured logger; `console` fits. Every field is free of the API key. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Passed to `onRequest` before each attempt leaves. */
export interface RequestEvent {
  /**
   * The spec's operationId (`setSubscriptionStatus`), or `METHOD /path` for a request the spec
   * does not describe: as {@link ResponseEvent}'s, so an attempt can be told to its budget.
   */
  operation: string;
  method: string;
  /** The URL (never carries the key: Braze takes it in a header). */
  url: string;
  /** 1 for the first attempt. */
  attempt: number;
}

/** Why an attempt failed. */
export interface FailureReason {
  /** HTTP status, when there was an answer. */
  status?: number;
  /** `http_<status>`, `unexpected_response`, `connection` or `timeout`. */
  code: string;
  message: string;
}

/** Passed to `onRetry` before waiting for the next attempt. */
export interface RetryEvent {
  /** The attempt that failed (1-based). */
  attempt: number;
  /** Time until the next attempt is tried (the rate limiter may add more). */
  delayMs: number;
  reason: FailureReason;
}

/** Passed to `onRateLimited` when the whole bucket is paused. */
export interface RateLimitedEvent {
  /** The status that caused the pause (429, or 2xx with `X-RateLimit-Remaining: 0`). */
  status: number;
  /** When requests resume (epoch ms). */
  untilEpochMs: number;
  /** `X-RateLimit-Remaining`, when sent. */
  remaining?: number;
}

/** Passed to `onSystematicFailure` when a group's requests keep getting the same refusal. */
export interface SystematicFailureEvent {
  /** `bulk`: a `setStatus` job stopped; `per_event`: the group's per-event calls are refused for `cooldownMs`. */
  source: "bulk" | "per_event";
  subscriptionGroupId: string;
  /**
   * `fatal_status` (401, 403, 404, a redirect, or a rate-limit store that refused for good:
   * code `rate_limiter_unavailable`), `first_requests` (nothing succeeded, twice the same) or
   * `consecutive`.
   */
  rule: "fatal_status" | "first_requests" | "consecutive";
  /** The repeated refusal (`status`, `http_<status>`, Braze's message). */
  error: FailureReason;
  /** Requests in a row that got it. */
  requests: number;
}

/** `X-RateLimit-*` of a response, as numbers; a header that was absent or unreadable is left out. */
export interface RateLimitHeaders {
  /** `X-RateLimit-Limit`. */
  limit?: number;
  /** `X-RateLimit-Remaining`. */
  remaining?: number;
  /** `X-RateLimit-Reset`, converted from epoch seconds to epoch ms. */
  resetEpochMs?: number;
}

/** Passed to `onResponse` when an attempt got an HTTP answer, whatever its status. */
export interface ResponseEvent {
  /**
   * The spec's operationId (`setSubscriptionStatus`), or `METHOD /path` for a request the spec
   * does not describe.
   */
  operation: string;
  status: number;
  /** 1 for the first attempt. */
  attempt: number;
  /** From the attempt leaving (after the rate limiter let it go) to its body fully read. */
  latencyMs: number;
  /** What the response said about the rate limit. */
  rateLimit: RateLimitHeaders;
}

/** Passed to `onLimiterStoreUnavailable` when the rate-limit store (e.g. Redis) starts failing. */
export interface LimiterStoreUnavailableEvent {
  /** When the first acquisition failed (epoch ms); requests wait for a slot since then. */
  sinceEpochMs: number;
  /** The store's error, API key scrubbed (the Redis store's never holds its password). */
  message: string;
}

/** Passed to `onLimiterStoreRecovered` when the store answers again. */
export interface LimiterStoreRecoveredEvent {
  /** When it started failing (epoch ms). */
  sinceEpochMs: number;
  /** How long it failed (ms). */
  unavailableMs: number;
}

/** Optional telemetry hooks. A throwing hook is logged and ignored. */
export interface Hooks {
  onRequest?: (event: RequestEvent) => void;
  onResponse?: (event: ResponseEvent) => void;
  onRetry?: (event: RetryEvent) => void;
  onRateLimited?: (event: RateLimitedEvent) => void;
  /**
   * A job stopped, or a group's per-event calls are refused, because Braze keeps giving the
   * same refusal (a wrong group id, a wrong key): alert on it, it will not heal by itself.
   */
  onSystematicFailure?: (event: SystematicFailureEvent) => void;
  /**
   * The rate-limit store stopped answering (Redis down, stalled, or refusing the password):
   * no request leaves until it answers again, since no slot can be granted. Called once per
   * outage; each waiting request gives up after `retry.maxElapsedMs` (`failed`,
   * `rate_limiter_unavailable`), or at once on `stopSignal`/`signal`.
   */
  onLimiterStoreUnavailable?: (event: LimiterStoreUnavailableEvent) => void;
  /** The rate-limit store answers again after an outage; requests resume. */
  onLimiterStoreRecovered?: (event: LimiterStoreRecoveredEvent) => void;
}

/** Calls a hook, never letting it break a request. */
export function callHook<E>(
  hook: ((event: E) => void) | undefined,
  event: E,
  logger: Logger | undefined,
): void {
  if (!hook) return;
  try {
    hook(event);
  } catch (error) {
    logger?.warn("a telemetry hook threw; ignored", { error: String(error) });
  }
}
