import { field, optionChecker } from "@braze-subscriptions/option-checks";
import {
  RedisLimiterRefusedError,
  RedisLimiterUnavailableError,
} from "../errors/limiter-errors.js";
import type {
  BudgetObservation,
  LimiterGrant,
  LimiterStore,
  RateLimitRule,
} from "../limiter/limiter-store.js";
import { logCapacity, MemoryLimiterStore } from "../limiter/memory-limiter-store.js";
import { acquireScript, observeScript, pauseScript } from "./budget-scripts.js";
import { RedisConnection } from "./redis-connection.js";
import {
  type RedisLimiterStoreOptions,
  type ResolvedRedisLimiterStoreOptions,
  resolveRedisLimiterStoreOptions,
} from "./redis-limiter-store-options.js";

/** What {@link RedisLimiterStore.acquire} grants: the contract's answer plus where it came from. */
export interface RedisAcquisition extends LimiterGrant {
  /** `"redis"` for the shared budget, `"local"` for the fallback limiter. */
  source: "redis" | "local";
}

/** What this process last learnt about a bucket, replayed to Redis in case Redis forgot it. */
interface Seen {
  seq: number;
  pauseMs: number;
}

/**
 * A {@link LimiterStore} in Redis, so every process and machine of a workspace draws on one
 * budget. Each acquisition and each response's word is one atomic Lua script running the
 * runtime's budget (`budgetTake`, `budgetObserve`) on the Redis server's clock (no caller's
 * clock is trusted): the server's latest `X-RateLimit-*` word seen by any process, every
 * process's requests in flight, other consumers' draw, and the sliding log of grants are one
 * shared view. A 429's pause is stored in the same hash, so one process's 429 pauses all.
 *
 * When Redis is unreachable or slow, an acquisition fails with
 * {@link RedisLimiterUnavailableError} after `timeoutMs` (the runtime then waits and retries,
 * losing nothing), or, with `onUnavailable: "local"`, is granted from an in-memory limiter at
 * `localShare` of the budget. The connection comes back on its own. When Redis answers with an
 * error waiting will not change (a foreign value at the bucket's key, a user without the
 * permission, refused credentials, scripting disabled), it fails at once with
 * {@link RedisLimiterRefusedError}, whatever `onUnavailable` says: the runtime then stops.
 *
 * @example
 * const store = new RedisLimiterStore({ url: process.env.BRAZE_REDIS_URL });
 * const braze = createBrazeRuntime({ apiKey, instance: "EU-01", rateLimit: { store, namespace: "acme" } });
 */
export class RedisLimiterStore implements LimiterStore {
  readonly #options: ResolvedRedisLimiterStoreOptions;
  readonly #connection: RedisConnection;
  readonly #seen = new Map<string, Seen>();
  #local: MemoryLimiterStore | undefined;

  /** Connects at once (unless given a `client`); see {@link RedisLimiterStoreOptions}. */
  constructor(options: RedisLimiterStoreOptions = {}) {
    this.#options = resolveRedisLimiterStoreOptions(options);
    this.#connection = new RedisConnection(this.#options);
  }

  /** The Redis endpoint in use, without credentials. */
  get endpoint(): string {
    return this.#connection.endpoint;
  }

  /**
   * Resolves once Redis answers, e.g. to fail early at start-up with a clear message rather
   * than on the first acquisition. Redis refusing the credentials (`WRONGPASS`, `NOAUTH`) fails
   * at once rather than after the timeout: waiting would not change the answer.
   * @param timeoutMs how long to wait; defaults to the store's `timeoutMs`.
   * @throws RedisLimiterRefusedError when Redis refuses the credentials (the message says so
   *   and never holds the password).
   * @throws RedisLimiterUnavailableError when Redis does not answer in time.
   * @throws TypeError for a `timeoutMs` a timer cannot hold.
   */
  async ready(timeoutMs = this.#options.timeoutMs): Promise<void> {
    const check = optionChecker("RedisLimiterStore.ready", "argument");
    field.duration({ min: 1, integer: true, default: 0 })(timeoutMs, "timeoutMs", check);
    await this.#connection.ping(timeoutMs);
  }

  /**
   * Grants one request on `key` (the runtime's `${namespace}:${bucket}`) under `rule`, or says
   * when to ask again. Tickets of the local fallback are negative.
   * @throws RedisLimiterUnavailableError when Redis does not answer within `timeoutMs` and
   *   `onUnavailable` is `"fail"`.
   * @throws RedisLimiterRefusedError at once when Redis answers an error waiting will not
   *   change (`permanent`), also with `onUnavailable: "local"`: the configuration is wrong,
   *   not the server down, and a fallback would hide it behind a slower job for good.
   * @throws TypeError for a rule without a positive limit and interval.
   * @throws the signal's reason, at once, when `options.signal` aborts (no grant is used then).
   */
  async acquire(
    key: string,
    rule: RateLimitRule,
    options: { signal?: AbortSignal | undefined } = {},
  ): Promise<RedisAcquisition> {
    checkRule(rule);
    const seen = this.#seenFor(key);
    // While the connection is down, waiting for it first would only slow the fallback.
    if (this.#options.onUnavailable === "local" && !this.#connection.isReady) {
      const refused = this.#connection.credentialsRefusal(this.#options.timeoutMs);
      if (refused) throw refused;
      return this.#acquireLocally(key, rule);
    }
    try {
      const reply = await this.#connection.run(
        acquireScript,
        this.#options.keyPrefix + key,
        [
          rule.limit,
          rule.intervalMs,
          rule.headroom ?? 0,
          rule.share ?? 1,
          logCapacity(rule),
          seen.seq,
          seen.pauseMs,
          rule.ceiling === true ? 1 : 0,
          rule.leaseMs ?? "",
          rule.serverIntervalMs ?? "",
        ],
        this.#options.timeoutMs,
        options.signal,
        (late) => this.#release(key, rule, late),
      );
      const [waitUs, ticket] = reply as [number, number];
      seen.seq = Math.max(seen.seq, ticket);
      return { waitMs: waitUs / 1000, ticket, source: "redis" };
    } catch (error) {
      if (
        options.signal?.aborted ||
        this.#options.onUnavailable === "fail" ||
        !(error instanceof RedisLimiterUnavailableError) ||
        error instanceof RedisLimiterRefusedError
      ) {
        throw error;
      }
      return this.#acquireLocally(key, rule);
    }
  }

  /**
   * Checks, changing nothing and granting nothing, that this store can keep `key`: no key of
   * its bucket in Redis holds a value of another type (another application's), and this user
   * may run the store's scripts on them. The runtime calls it before a job's first request.
   * Resolves when all is well, and when Redis cannot tell now (unreachable, slow): the
   * acquisitions then wait for it as ever.
   * @throws RedisLimiterRefusedError naming the foreign key and its type, or what Redis refused.
   */
  async check(key: string): Promise<void> {
    await this.#connection.checkKey(this.#options.keyPrefix + key, this.#options.timeoutMs);
  }

  /**
   * Records what a response said, for every process sharing `key`.
   * @throws RedisLimiterUnavailableError when Redis does not answer within `timeoutMs` and
   *   `onUnavailable` is `"fail"` (the runtime logs it and goes on).
   */
  async observe(key: string, rule: RateLimitRule, observation: BudgetObservation): Promise<void> {
    if (observation.ticket < 0) {
      await this.#local?.observe(key, localRule(rule, this.#options.localShare), {
        ...observation,
        ticket: -observation.ticket,
      });
      return;
    }
    try {
      await this.#connection.run(
        observeScript,
        this.#options.keyPrefix + key,
        [
          observation.ticket,
          observation.remaining ?? "",
          observation.limit ?? rule.limit,
          observation.resetAtMs ?? "",
          observation.refused ? 1 : 0,
          rule.intervalMs,
          observation.settled === true ? 1 : 0,
          observation.limit ?? "",
        ],
        this.#options.timeoutMs,
      );
    } catch (error) {
      if (this.#options.onUnavailable === "fail") throw error;
    }
  }

  /**
   * No slot on `key` is granted before `untilEpochMs`, by any process using this Redis. The
   * pause is also kept in this process and sent along with its next acquisitions, so it holds
   * even if this write is lost or Redis restarts empty.
   * @throws RedisLimiterUnavailableError when Redis does not answer within `timeoutMs` and
   *   `onUnavailable` is `"fail"` (the pause still holds for this process).
   */
  async pauseUntil(key: string, untilEpochMs: number): Promise<void> {
    if (!Number.isFinite(untilEpochMs)) {
      throw new TypeError(
        `RedisLimiterStore.pauseUntil: untilEpochMs must be a finite number, got ${untilEpochMs}`,
      );
    }
    const seen = this.#seenFor(key);
    seen.pauseMs = Math.max(seen.pauseMs, untilEpochMs);
    await this.#local?.pauseUntil(key, untilEpochMs);
    if (this.#options.onUnavailable === "local" && !this.#connection.isReady) return;
    try {
      await this.#connection.run(
        pauseScript,
        this.#options.keyPrefix + key,
        [untilEpochMs],
        this.#options.timeoutMs,
      );
    } catch (error) {
      if (this.#options.onUnavailable === "fail") throw error;
    }
  }

  /** Closes the Redis connection the store opened (a caller's `client` is left open). */
  async close(): Promise<void> {
    await this.#connection.close();
    await this.#local?.close();
  }

  /**
   * A grant whose reply came after the caller gave up (timed out or aborted) was never used:
   * it ends without an answer, as the runtime settles a request that fails. Otherwise it
   * counted as in flight until trimmed from the log (twice the limit's grants later), taking
   * a slot of every window meanwhile and holding back the rules that wait for every grant's
   * answer (the scout, the first window's tally).
   */
  #release(key: string, rule: RateLimitRule, reply: unknown): void {
    const [waitUs, ticket] = reply as [number, number];
    if (waitUs !== 0 || !(ticket > 0)) return;
    const seen = this.#seenFor(key);
    seen.seq = Math.max(seen.seq, ticket);
    this.observe(key, rule, { ticket, refused: false, settled: true }).catch(() => {
      // Redis gone again: the grant stays in flight until trimmed, as before.
    });
  }

  async #acquireLocally(key: string, rule: RateLimitRule): Promise<RedisAcquisition> {
    if (!this.#local) {
      this.#local = new MemoryLimiterStore();
      for (const [pausedKey, { pauseMs }] of this.#seen) {
        if (pauseMs > 0) await this.#local.pauseUntil(pausedKey, pauseMs);
      }
    }
    const { waitMs, ticket } = await this.#local.acquire(
      key,
      localRule(rule, this.#options.localShare),
    );
    return { waitMs, ticket: -ticket, source: "local" };
  }

  #seenFor(key: string): Seen {
    let seen = this.#seen.get(key);
    if (!seen) {
      seen = { seq: 0, pauseMs: 0 };
      this.#seen.set(key, seen);
    }
    return seen;
  }
}

/** The fallback's rule: `localShare` of the budget, alone, without server words to follow. */
function localRule(rule: RateLimitRule, localShare: number): RateLimitRule {
  return { ...rule, share: (rule.share ?? 1) * localShare };
}

function checkRule(rule: RateLimitRule): void {
  const ok =
    rule !== null &&
    typeof rule === "object" &&
    Number.isInteger(rule.limit) &&
    rule.limit > 0 &&
    Number.isFinite(rule.intervalMs) &&
    rule.intervalMs > 0 &&
    (rule.headroom === undefined || (Number.isFinite(rule.headroom) && rule.headroom >= 0)) &&
    (rule.share === undefined || (rule.share > 0 && rule.share <= 1)) &&
    (rule.ceiling === undefined || typeof rule.ceiling === "boolean") &&
    (rule.leaseMs === undefined || (Number.isFinite(rule.leaseMs) && rule.leaseMs > 0)) &&
    (rule.serverIntervalMs === undefined ||
      (Number.isFinite(rule.serverIntervalMs) && rule.serverIntervalMs > 0));
  if (!ok) {
    throw new TypeError(
      `RedisLimiterStore.acquire: rule must be { limit: positive integer, intervalMs: positive number, headroom?: number >= 0, share?: number in (0, 1], ceiling?: boolean, leaseMs?: positive number, serverIntervalMs?: positive number }, got ${JSON.stringify(rule)}`,
    );
  }
}
