import { BrazeError } from "./braze-error.js";

/**
 * The rate-limit store kept failing until the request's time budget ran out, or refused in a
 * way waiting cannot change (`permanent`: e.g. Redis holds a foreign value at the bucket's key,
 * or its user may not run scripts): no slot was granted, so the request was never sent.
 * Identifiers of a bulk call end `failed` with code `rate_limiter_unavailable`; after a
 * permanent refusal the job stops instead, and those not sent end `not_sent`.
 */
export class BrazeLimiterUnavailableError extends BrazeError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeLimiterUnavailableError",
  );
  override name = "BrazeLimiterUnavailableError";
  /**
   * True when the store's error said waiting cannot help (its own `permanent` was true): the
   * runtime did not retry. False when the store kept failing until the time budget ran out.
   */
  readonly permanent: boolean;

  constructor(message: string, options?: { cause?: unknown; permanent?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.permanent = options?.permanent ?? false;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), permanent: this.permanent };
  }
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
  /**
   * False: Redis did not answer, or answered an error waiting may cure (e.g. `LOADING`,
   * `BUSY`, `READONLY` during a failover): the runtime waits and retries. True only on
   * {@link RedisLimiterRefusedError}.
   */
  readonly permanent: boolean = false;

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
      permanent: this.permanent,
    };
  }
}

/**
 * Why Redis refused for good (see {@link RedisLimiterRefusedError}):
 * - `credentials`: `WRONGPASS`, `NOAUTH` (a wrong or missing password or user name);
 * - `permission`: `NOPERM`, or a script's command or key the user's ACL does not allow;
 * - `wrong_type`: `WRONGTYPE`, a key of the bucket holds a value of another type (another
 *   application writes under this namespace or key prefix);
 * - `scripting_disabled`: `EVALSHA`/`EVAL` unknown (disabled or renamed by the server);
 * - `script_error`: a Lua script of the store failed (a foreign value in its keys, a Redis it
 *   does not support, or a bug);
 * - `cluster`: `MOVED`/`CROSSSLOT`, a Redis Cluster, which the store does not support.
 */
export type RedisRefusalReason =
  | "credentials"
  | "permission"
  | "wrong_type"
  | "scripting_disabled"
  | "script_error"
  | "cluster";

/**
 * Redis answered, with an error that waiting will not change: the configuration is wrong (a
 * namespace another application uses, a user without the permissions, a password), not the
 * server down. The runtime does not retry it: a bulk job stops at once (the identifiers not
 * sent end `not_sent`), even with `onUnavailable: "local"`. It is a
 * {@link RedisLimiterUnavailableError}, so code catching that catches this too; `reason` says
 * what to fix, `key` the Redis key concerned (when one is), and the message how.
 */
export class RedisLimiterRefusedError extends RedisLimiterUnavailableError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/RedisLimiterRefusedError",
  );
  override name = "RedisLimiterRefusedError";
  override readonly permanent: boolean = true;
  /** What Redis refused (see {@link RedisRefusalReason}). */
  readonly reason: RedisRefusalReason;
  /** The Redis key of the bucket concerned (with the key prefix), when the refusal names one. */
  readonly key: string | undefined;

  constructor(
    message: string,
    details: { endpoint: string; timeoutMs: number; reason: RedisRefusalReason; key?: string },
    options?: { cause?: unknown },
  ) {
    super(message, details, options);
    this.reason = details.reason;
    this.key = details.key;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      reason: this.reason,
      ...(this.key === undefined ? {} : { key: this.key }),
    };
  }
}
