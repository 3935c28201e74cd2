import { BrazeError } from "./braze-error.js";

/**
 * The rate-limit store kept failing until the request's time budget ran out: no slot was
 * granted, so the request was never sent. Identifiers of a bulk call end `failed` with code
 * `rate_limiter_unavailable`.
 */
export class BrazeLimiterUnavailableError extends BrazeError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeLimiterUnavailableError",
  );
  override name = "BrazeLimiterUnavailableError";
}

/**
 * Redis did not answer an acquisition in time (unreachable, reconnecting, or slow) and the
 * store is set to fail rather than fall back. No slot was granted, so nothing may be sent yet:
 * the runtime waits and retries the acquisition, and identifiers it cannot place before its
 * deadline end `failed` with code `rate_limiter_unavailable`, never dropped.
 *
 * The message names the Redis endpoint without credentials; `cause` is a sanitized copy of the
 * client's error (name, message, code only).
 */
export class RedisLimiterUnavailableError extends BrazeError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/RedisLimiterUnavailableError",
  );
  override name = "RedisLimiterUnavailableError";
  /** Stable code, the same as the outcome code the runtime uses for these failures. */
  readonly code = "rate_limiter_unavailable";
  /** The Redis endpoint, credentials removed (e.g. `redis://127.0.0.1:6379/0`). */
  readonly endpoint: string;
  /** How long the acquisition waited before giving up (ms). */
  readonly timeoutMs: number;

  constructor(
    message: string,
    details: { endpoint: string; timeoutMs: number },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.endpoint = details.endpoint;
    this.timeoutMs = details.timeoutMs;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      code: this.code,
      endpoint: this.endpoint,
      timeoutMs: this.timeoutMs,
    };
  }
}
