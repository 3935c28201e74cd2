import { gcraParams } from "../limiter/gcra.js";
import type { LimiterStore, RateLimitRule } from "../limiter/limiter-store.js";
import { MemoryLimiterStore } from "../limiter/memory-limiter-store.js";
import { acquireScript, pauseScript } from "./gcra-scripts.js";
import { RedisConnection } from "./redis-connection.js";
import {
  checkRedisDuration,
  type RedisLimiterStoreOptions,
  type ResolvedRedisLimiterStoreOptions,
  resolveRedisLimiterStoreOptions,
} from "./redis-limiter-store-options.js";
import { RedisLimiterUnavailableError } from "./redis-limiter-unavailable-error.js";
import { ServerClock } from "./server-clock.js";

/** What {@link RedisLimiterStore.acquire} grants: the contract's `waitMs` plus where it came from. */
export interface RedisAcquisition {
  /**
   * Time to wait, from when the promise resolves, before sending (ms; 0 = send now): the slot's
   * server time on this process's clock, so time the reply spent waiting here is not added.
   */
  waitMs: number;
  /** When the slot opens, as epoch ms on the granting clock (the Redis server's, or this process's for local slots). */
  sendAtEpochMs: number;
  /** `"redis"` for a slot of the shared budget, `"local"` for one from the fallback limiter. */
  source: "redis" | "local";
}

/** Stale slots given up in a row before one is used anyway. */
const MAX_SLOTS_GIVEN_UP = 3;

/** What this process last learnt about a bucket, replayed to Redis in case Redis forgot it. */
interface Seen {
  tatUs: number;
  pauseUs: number;
}

/**
 * A {@link LimiterStore} in Redis, so every process and machine of a workspace draws on one
 * budget. Each acquisition is one atomic Lua script: GCRA on the Redis server's clock (no
 * caller's clock is trusted), never more than the rule's limit in any sliding window, no burst
 * at window edges, and the exact wait returned. Pauses from a 429 or an exhausted
 * `X-RateLimit-Remaining` are stored in the same hash, so one process's 429 pauses all.
 *
 * When Redis is unreachable or slow, an acquisition fails with
 * {@link RedisLimiterUnavailableError} after `timeoutMs` (the runtime then waits and retries,
 * losing nothing), or, with `onUnavailable: "local"`, is granted from an in-memory limiter at
 * `localShare` of the budget. The connection comes back on its own.
 *
 * @example
 * const store = new RedisLimiterStore({ url: process.env.BRAZE_REDIS_URL });
 * const braze = createBrazeRuntime({ apiKey, instance: "EU-01", rateLimit: { store, namespace: "acme" } });
 */
export class RedisLimiterStore implements LimiterStore {
  readonly #options: ResolvedRedisLimiterStoreOptions;
  readonly #connection: RedisConnection;
  readonly #seen = new Map<string, Seen>();
  readonly #serverClock = new ServerClock();
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
   * than on the first acquisition.
   * @param timeoutMs how long to wait; defaults to the store's `timeoutMs`.
   * @throws RedisLimiterUnavailableError when Redis does not answer in time.
   * @throws TypeError for a `timeoutMs` a timer cannot hold.
   */
  async ready(timeoutMs = this.#options.timeoutMs): Promise<void> {
    checkRedisDuration("timeoutMs", timeoutMs, "RedisLimiterStore.ready: argument");
    await this.#connection.ping(timeoutMs);
  }

  /**
   * Reserves one slot on `key` (the runtime's `${namespace}:${bucket}`) under `rule`.
   * @throws RedisLimiterUnavailableError when Redis does not answer within `timeoutMs` and
   *   `onUnavailable` is `"fail"`.
   * @throws TypeError for a rule without a positive limit and interval.
   */
  async acquire(key: string, rule: RateLimitRule): Promise<RedisAcquisition> {
    checkRule(rule);
    // The runtime's arithmetic (its headroom is already in `rule.intervalMs`).
    const { emissionIntervalMs, toleranceMs } = gcraParams(rule);
    // Whole microseconds for Redis: the emission interval rounded up (gcraParams' 1e-12
    // stretch aside), so rounding never speeds pacing up, and the tolerance a whole number of
    // intervals, as in gcraParams.
    const emissionUs = Math.ceil(emissionIntervalMs * 1000 - 1e-6);
    const toleranceUs = Math.round(toleranceMs / emissionIntervalMs) * emissionUs;
    const seen = this.#seenFor(key);
    // While the connection is down, waiting for it first would only slow the fallback.
    if (this.#options.onUnavailable === "local" && !this.#connection.isReady) {
      return this.#acquireLocally(key, rule);
    }
    try {
      for (let attempt = 1; ; attempt++) {
        const { reply, sentMs } = await this.#connection.run(
          acquireScript,
          this.#options.keyPrefix + key,
          [emissionUs, toleranceUs, Math.ceil(rule.intervalMs), seen.tatUs, seen.pauseUs],
          this.#options.timeoutMs,
        );
        const receivedMs = ServerClock.localNow();
        const [waitUs, sendAtUs, tatUs] = reply as [number, number, number];
        seen.tatUs = Math.max(seen.tatUs, tatUs);
        const sendAtEpochMs = sendAtUs / 1000;
        const serverWaitMs = waitUs / 1000;
        this.#serverClock.observe(sentMs, receivedMs, sendAtEpochMs - serverWaitMs);
        const opensAt = this.#serverClock.localTime(
          sendAtEpochMs,
          serverWaitMs,
          sentMs,
          receivedMs,
        );
        // The answer was read after its slot had passed (this process was stalled): sent now,
        // the request would join a burst of overdue ones, so take a later slot instead, as the
        // runtime does for a late wake-up. Bounded, so a stalled process still makes progress.
        const lateMs = receivedMs - opensAt;
        if (
          lateMs > this.#options.staleSlotShare * rule.intervalMs &&
          attempt < MAX_SLOTS_GIVEN_UP + 1
        ) {
          continue;
        }
        return { waitMs: Math.max(0, opensAt - receivedMs), sendAtEpochMs, source: "redis" };
      }
    } catch (error) {
      if (
        this.#options.onUnavailable === "fail" ||
        !(error instanceof RedisLimiterUnavailableError)
      ) {
        throw error;
      }
      return this.#acquireLocally(key, rule);
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
    const untilUs = Math.ceil(untilEpochMs * 1000);
    seen.pauseUs = Math.max(seen.pauseUs, untilUs);
    await this.#local?.pauseUntil(key, untilEpochMs);
    if (this.#options.onUnavailable === "local" && !this.#connection.isReady) return;
    try {
      await this.#connection.run(
        pauseScript,
        this.#options.keyPrefix + key,
        [untilUs],
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

  async #acquireLocally(key: string, rule: RateLimitRule): Promise<RedisAcquisition> {
    const { localShare } = this.#options;
    if (!this.#local) {
      this.#local = new MemoryLimiterStore();
      for (const [pausedKey, { pauseUs }] of this.#seen) {
        if (pauseUs > 0) await this.#local.pauseUntil(pausedKey, pauseUs / 1000);
      }
    }
    const burst = Math.max(1, Math.floor((rule.burst ?? 1) * localShare));
    const { waitMs } = await this.#local.acquire(key, {
      limit: rule.limit,
      burst,
      // The same limit over a longer window: `localShare` of the rate.
      intervalMs: rule.intervalMs / localShare,
    });
    return { waitMs, sendAtEpochMs: Date.now() + waitMs, source: "local" };
  }

  #seenFor(key: string): Seen {
    let seen = this.#seen.get(key);
    if (!seen) {
      seen = { tatUs: 0, pauseUs: 0 };
      this.#seen.set(key, seen);
    }
    return seen;
  }
}

function checkRule(rule: RateLimitRule): void {
  const ok =
    rule !== null &&
    typeof rule === "object" &&
    Number.isInteger(rule.limit) &&
    rule.limit > 0 &&
    Number.isFinite(rule.intervalMs) &&
    rule.intervalMs > 0 &&
    (rule.burst === undefined || (Number.isInteger(rule.burst) && rule.burst >= 1));
  if (!ok) {
    throw new TypeError(
      `RedisLimiterStore.acquire: rule must be { limit: positive integer, intervalMs: positive number, burst?: integer >= 1 }, got ${JSON.stringify(rule)}`,
    );
  }
}
