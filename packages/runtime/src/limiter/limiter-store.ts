/** A bucket's rate limit as the runtime keeps it. */
export interface RateLimitRule {
  /** Requests the server allows per interval. */
  limit: number;
  /** Length of the server's window in milliseconds. */
  intervalMs: number;
  /**
   * Fraction of the interval added to the window of the client's own sliding log (what it
   * enforces without server headers), so network and timer jitter cannot put `limit + 1`
   * arrivals in one server window.
   * @default 0
   */
  headroom?: number;
  /**
   * Fraction of `limit` this bucket's users may take per interval; the rest is left to other
   * services of the workspace on purpose.
   * @default 1
   */
  share?: number;
  /**
   * The rule is a ceiling its caller chose (the runtime's `rateLimit` option given): when the
   * server's `X-RateLimit-Limit` says more than `limit`, this bucket's users still take at
   * most `share × limit` per interval, counted as `share` is. Without it, a server that says
   * more is followed (the spec's rule is only what the server is expected to allow).
   * @default false
   */
  ceiling?: boolean;
  /**
   * The server's window as the spec states it, when the rule's may be longer. A ceiling over a
   * longer window than the server's (6,000 an hour against 5,000 a minute) is a count no word
   * of the server can hold, since each of its windows allows more: `share × limit` is then
   * held over the rule's own window, whatever the server says.
   * @default intervalMs
   */
  serverIntervalMs?: number;
  /**
   * How long a granted request may stay unanswered in a live process, in ms (the runtime
   * passes twice the attempt's timeout: every attempt ends with an answer or is given up and
   * settled by then). A grant unanswered longer belongs to a process that died holding it
   * (SIGKILL, a crash, a lost machine): it counts as having reached the server at its grant
   * plus this, and from then on frees its slot a window later like any answered grant.
   * Without it, such grants count as in flight for good (until the log trims them, twice
   * the limit's grants later): with a `share` or a ceiling, a process killed with that many
   * requests in flight stopped every other process of the bucket for good.
   * @default none: an unanswered grant counts as in flight until its answer
   */
  leaseMs?: number;
}

/** What {@link LimiterStore.acquire} answers. */
export interface LimiterGrant {
  /**
   * 0: granted, send now. Above 0: not granted; ask again after this many ms, or as soon as a
   * response brings news of the server's budget ({@link LimiterStore.observe}).
   */
  waitMs: number;
  /** The grant's sequence number on this key (0 when not granted), to pass to `observe`. */
  ticket: number;
}

/** What one response said about the server's budget (`X-RateLimit-*`). */
export interface BudgetObservation {
  /** The ticket of the grant whose request got this response. */
  ticket: number;
  /** `X-RateLimit-Remaining`, when sent. */
  remaining?: number;
  /** `X-RateLimit-Limit`, when sent. */
  limit?: number;
  /** `X-RateLimit-Reset` as epoch ms, when sent. */
  resetAtMs?: number;
  /** True for a 429: the request was refused, so it was not counted. */
  refused: boolean;
  /** True when the request ended without an answer (connection error, timeout, abort). */
  settled?: boolean;
}

/**
 * Where the budget of a bucket lives. In memory by default ({@link MemoryLimiterStore}); a
 * shared store (Redis, `@braze-subscriptions/runtime/redis`) lets several processes draw on one
 * budget, because Braze counts the limit per workspace, not per process.
 */
export interface LimiterStore {
  /**
   * Atomically grants one request on `key` now, or says how long to wait before asking again
   * (see `budgetTake` in the runtime for the rule every store applies). A shared store should
   * answer or fail within a bounded time (the Redis store's `timeoutMs`) and reject at once,
   * with the signal's reason, when `options.signal` aborts: the runtime retries failures with
   * backoff, and a stopping caller must not wait on a store that hangs. An error whose
   * `permanent` property is `true` says waiting will not help (a wrong configuration: see
   * `RedisLimiterRefusedError`): the runtime does not retry it, and a bulk job stops.
   */
  acquire(
    key: string,
    rule: RateLimitRule,
    options?: { signal?: AbortSignal | undefined },
  ): Promise<LimiterGrant>;
  /** Records what a response said about the server's budget. */
  observe(key: string, rule: RateLimitRule, observation: BudgetObservation): Promise<void>;
  /** No grant on `key` before `untilEpochMs` (a 429 without a usable reset), for every process. */
  pauseUntil(key: string, untilEpochMs: number): Promise<void>;
  /**
   * Optional: checks, granting nothing, that the store can keep `key`. The runtime calls it
   * before a job's first request (with the preflight read) and stops the job, nothing sent,
   * when it rejects with an error whose `permanent` is `true`; any other rejection is ignored
   * (the acquisitions then meet the store's state as usual), and so is an answer that takes
   * longer than the runtime's `timeoutMs` or comes after the job was stopped.
   */
  check?(key: string): Promise<void>;
  /** Releases resources (connections). */
  close?(): Promise<void>;
}
