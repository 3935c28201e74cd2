import type { FaultKind, ResolvedFaults, StormWindow } from "../core/faults.js";
import type { ResolvedRateLimit, WindowKind } from "../core/rate-limit/index.js";
import type { RequestLogEntry } from "../core/request-log.js";

/** The fake's rate limit. Every unset field comes from the spec's `x-rate-limit`. */
export interface RateLimitOptions {
  /** Requests allowed per window. @default the spec's `x-rate-limit.limit` */
  limit?: number;
  /** Length of a window, in ms. @default the spec's `x-rate-limit.intervalMs` */
  intervalMs?: number;
  /**
   * `"fixed"`: windows aligned to the clock, as Braze documents. `"sliding"`: at most `limit`
   * requests in any `intervalMs` span (stricter, to test a client's own limiter).
   * @default "fixed"
   */
  window?: WindowKind;
  /**
   * Share (0 to 1) of every bucket's budget taken by a simulated foreign consumer: another
   * service of the same workspace sending `foreignShare × limit` requests per interval, evenly
   * spaced, counted in the window (and refused like any request when the budget is spent).
   * What it sent: `fake.core.foreignTraffic`.
   * @default 0
   */
  foreignShare?: number;
  /**
   * Overrides for single buckets of the spec (`x-rate-limit.bucket`, e.g. the reads' pool),
   * over `limit`/`intervalMs` above. Every bucket keeps its own budget either way.
   * @default {}
   */
  buckets?: Readonly<Record<string, { limit?: number; intervalMs?: number }>>;
}

/** Faults to inject, deterministic from `seed`. */
export interface FaultOptions {
  /**
   * Seed of the fault sequence: same seed and rates, same faults for the n-th request. Any
   * safe integer; each draws its own sequence (`5` and `2 ** 32 + 5` differ).
   * @default 1
   */
  seed?: number;
  /**
   * Fraction (0..1) of routed requests that get each fault; the sum must not exceed 1.
   * `500`/`503`/`504` answer JSON, `502` a proxy's HTML page, `reset` destroys the connection
   * before any answer, `timeout` processes the request (its state change is kept) and answers
   * `timeoutDelayMs` late, `400` refuses a valid write with `{"message":"Bad Request"}`
   * (after auth and the rate limit, so it costs budget, and changes nothing), `queued` answers
   * a valid write `202 {"message":"queued"}` (a success, as Braze has answered during
   * maintenance; applied, costs budget; `1` for every write).
   * @default {} (no faults)
   */
  rates?: Partial<Record<FaultKind, number>>;
  /** How late a `timeout` fault answers, in ms: set it above your client's timeout. @default 30000 */
  timeoutDelayMs?: number;
  /** Spans of time, from the fake's start (or `reset()`), answered 429 whatever the budget. @default [] */
  storms?: readonly StormWindow[];
  /**
   * Subscription group ids the fake treats as unknown: every valid request naming one is
   * answered `400` with the same message (after auth and the rate limit, like Braze refusing
   * a wrong group id), and changes nothing. Not drawn: every such request gets it.
   * @default [] (every group exists)
   */
  unknownGroups?: readonly string[];
}

/** Options of {@link startBrazeFake} (and, but for `port`/`host`, of `brazeHandlers`). */
export interface BrazeFakeOptions {
  /** Port to listen on; `0` picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** The API keys accepted (any other gets 401). @default undefined (any non-empty bearer token) */
  apiKeys?: readonly string[];
  /**
   * Permissions of some keys: a key listed here has only these (without the operation's
   * `x-required-permission` it gets 403); a key not listed has every permission.
   * @default {}
   */
  permissions?: Readonly<Record<string, readonly string[]>>;
  /** The rate limit, or `false` for none (and no `X-RateLimit-*` headers). @default the spec's `x-rate-limit`, fixed windows */
  rateLimit?: RateLimitOptions | false;
  /** Faults to inject. @default no faults */
  faults?: FaultOptions;
  /** Largest body accepted; larger ones get 413. @default the spec's `x-max-body-bytes` (4 MiB) */
  maxBodyBytes?: number;
  /** Extra delay before every answer, in ms. @default 0 */
  latencyMs?: number;
  /**
   * How long after a write reads see it, in ms: Braze applies writes asynchronously, so a
   * read right after a set may still return the old state (or `Unknown`).
   * @default 0
   */
  applyDelayMs?: number;
  /**
   * How many requests the log keeps at least; beyond it the oldest are dropped (in chunks of
   * a tenth, so the log may briefly hold up to 10% more). Bounded so a long-running fake does
   * not grow without end.
   * @default 10000
   */
  maxLogEntries?: number;
  /** Whether log entries keep the parsed body (`entry.query` is kept either way). @default true */
  logBodies?: boolean;
  /**
   * Called with every log entry as it is recorded, e.g. to print a live log. If it throws, the
   * request is answered 500 with the reason, and the log records that 500.
   * @default undefined
   */
  onRequest?: (entry: RequestLogEntry) => void;
  /** The clock (ms since the epoch), for tests of the rate-limit windows. @default Date.now */
  now?: () => number;
}

/** {@link BrazeFakeOptions} with every default applied. */
export interface ResolvedFakeOptions {
  readonly port: number;
  readonly host: string;
  readonly apiKeys: ReadonlySet<string> | undefined;
  readonly permissions: ReadonlyMap<string, ReadonlySet<string>>;
  readonly rateLimit: ResolvedRateLimit | false;
  readonly faults: ResolvedFaults;
  readonly maxBodyBytes: number | undefined;
  readonly latencyMs: number;
  readonly applyDelayMs: number;
  readonly maxLogEntries: number;
  readonly logBodies: boolean;
  readonly onRequest: ((entry: RequestLogEntry) => void) | undefined;
  readonly now: () => number;
}
