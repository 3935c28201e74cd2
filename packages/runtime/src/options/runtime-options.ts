import type { ClientOptions } from "@braze-subscriptions/client";
import type { Clock } from "../clock.js";
import type { LimiterStore } from "../limiter/limiter-store.js";
import type { LogLevel } from "../logging/log-level.js";
import type { Hooks, Logger } from "../telemetry.js";

/** Rate-limit settings. Defaults come from the spec's `x-rate-limit` (generated metadata). */
export interface RateLimitOptions {
  /**
   * Requests allowed per interval (some Braze contracts differ from the documented one).
   * Given (with or without `intervalMs`), it is also a ceiling: a server whose
   * `X-RateLimit-Limit` says more is still held to it, counted as `share` is; so is one over
   * a longer window than the spec's (`6000` per hour against 5,000 a minute: every server
   * minute would allow more): then `share × limit` may be at most 100,000 (the grants the
   * limiter's log keeps; more is refused), and it is held over the grants the store knows (the
   * default in-memory store: this runtime's only, so a rerun within the window starts anew).
   * Left out, the spec's rule applies and a server that says more is followed.
   * @default the spec's `x-rate-limit.limit`
   */
  limit?: number;
  /**
   * Length of the rate-limit window in milliseconds. Given, the rule is a ceiling as with
   * `limit`; given alone, it is the spec's count over this window.
   * @default the spec's `x-rate-limit.intervalMs`
   */
  intervalMs?: number;
  /**
   * Fraction of the interval added to the window of the client's own sliding log, which
   * keeps at most `limit` requests in any `intervalMs × (1 + headroom)` when the server's
   * headers do not say more, so network and timer jitter cannot squeeze `limit + 1` arrivals
   * into one server window.
   * @default 0.02
   */
  headroom?: number;
  /**
   * Fraction (0 to 1] of the limit this runtime (with every process sharing its store) may
   * take per interval; the rest is left to other services of the workspace on purpose.
   * Other consumers are also detected from `X-RateLimit-Remaining` without it.
   * @default 1
   */
  share?: number;
  /**
   * Where the limiter's state lives; share one (e.g. Redis) across processes of a workspace.
   * @default new MemoryLimiterStore()
   */
  store?: LimiterStore;
  /**
   * Key prefix in the store: one per workspace, so several workspaces can share one store.
   * Give every process of a workspace the same one to share its budget across API keys.
   * @default a 64-bit fingerprint of the API key and base URL (`workspace-…`; never the key)
   */
  namespace?: string;
}

/** Retry settings for 429, 408, 5xx, connection errors and timeouts. */
export interface RetryOptions {
  /**
   * Most attempts per request, the first included.
   * @default 8
   */
  maxAttempts?: number;
  /**
   * Most time spent on one request, waits included; no retry starts after it.
   * @default 600000 (10 minutes)
   */
  maxElapsedMs?: number;
  /**
   * Ceiling of the first backoff (full jitter: a uniform draw below it), doubled per attempt.
   * @default 250
   */
  baseDelayMs?: number;
  /**
   * Largest backoff ceiling.
   * @default 30000
   */
  maxDelayMs?: number;
}

/**
 * When the runtime stops sending because Braze keeps giving the same refusal (a wrong group
 * id, a wrong key): a bulk job stops, a group's per-event calls are refused for a while.
 * 401, 403 and 404 stop at once; until a request succeeded, two identical refusals do.
 */
export interface FailFastOptions {
  /**
   * Requests in a row with the same non-retryable answer (same status, same message) that
   * stop a job once a request of it has succeeded. Large enough that refusals of single
   * requests' data, scattered among successes, practically never line up this long (see the
   * README), small enough to cost seconds of budget at most.
   * @default 10
   */
  consecutive?: number;
  /**
   * Per-event calls (`subscribe`, `unsubscribe`, `enqueue`): how long a group found failing
   * systematically is refused at once (outcome `not_sent`) before requests are tried again.
   * @default 30000
   */
  cooldownMs?: number;
}

/**
 * Options of {@link createBrazeRuntime}: the client's (`apiKey`, `instance` or `baseUrl`,
 * `headers`, `userAgent`; on Node the environment gives what is not set: `BRAZE_API_KEY`;
 * `BRAZE_REST_ENDPOINT`, `BRAZE_REST_URL` or `BRAZE_INSTANCE`), then the runtime's own.
 * Explicit options always win.
 */
export interface RuntimeOptions extends Hooks, Omit<ClientOptions, "fetch"> {
  /**
   * The underlying `fetch`; retries and rate limiting wrap it.
   * @default globalThis.fetch
   */
  fetch?: typeof globalThis.fetch;
  /**
   * Rate-limit settings.
   * @default {} (the spec's limit, in memory)
   */
  rateLimit?: RateLimitOptions;
  /**
   * The budget of reads (`getStatus`, `listUserGroups`), a bucket of its own: `limit`
   * requests per `intervalMs`, a ceiling when given (as `rateLimit.limit`). Store, namespace,
   * headroom and share are `rateLimit`'s.
   * @default the spec's x-rate-limit of the status read (250,000 per hour)
   */
  readRateLimit?: { limit?: number; intervalMs?: number };
  /**
   * Retry settings.
   * @default {}
   */
  retry?: RetryOptions;
  /**
   * Time allowed for one attempt (answer and body), in milliseconds.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * Most requests in flight at once for this runtime (bulk and coalesced together). High
   * enough that a short job spends the window's budget in a few round trips of a distant
   * server (measured: `bench:budget`); requests wait for the budget, not for each other.
   * @default 64
   */
  concurrency?: number;
  /**
   * How long `subscribe`/`unsubscribe`/`enqueue` wait for company before sending a request
   * that is not full yet, in milliseconds.
   * @default 5
   */
  coalesceDelayMs?: number;
  /**
   * Fail-fast settings (systematic refusals stop a job instead of spending the budget).
   * @default {} (10 in a row; per-event cooldown 30 s)
   */
  failFast?: FailFastOptions;
  /**
   * Receives debug/info/warn/error lines (API key scrubbed). A logger that throws is ignored:
   * the line is dropped and the request goes on as if it had been logged.
   * @default the console, when a level is set by `logLevel` or `BRAZE_LOG`
   */
  logger?: Logger;
  /**
   * The least severe lines logged: `debug` adds one line per response (operation, status,
   * attempt, latency), `info` the rate-limit pauses, `warn` retries and store failures.
   * @default env BRAZE_LOG (Node only), else `"debug"` with a `logger` and `"off"` without
   */
  logLevel?: LogLevel;
  /**
   * Time source; tests inject one. It drives every wait of the runtime, the default in-memory
   * limiter store's too (a store given in `rateLimit.store` keeps its own clock).
   * @default the system clock
   */
  clock?: Clock;
  /**
   * Random numbers in [0, 1) for backoff jitter; tests inject one.
   * @default Math.random
   */
  random?: () => number;
}
