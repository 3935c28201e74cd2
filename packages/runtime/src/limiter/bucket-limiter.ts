import type { Clock } from "../clock.js";
import { BrazeError } from "../errors/braze-error.js";
import type { LimiterStore, RateLimitRule } from "./limiter-store.js";
import { SendLog } from "./send-log.js";

/** Backoff of retried store acquisitions (full jitter): short, since a store usually recovers fast. */
const STORE_RETRY_BASE_DELAY_MS = 100;
const STORE_RETRY_MAX_DELAY_MS = 2000;

/** Limits above this are not logged per send (the log holds one number per allowed request). */
const MAX_LOGGED_LIMIT = 100_000;

/**
 * Slots given up in a row for waking late before one is used anyway, so a process whose
 * every timer fires late still makes progress (matching the Redis store's stale-slot rule).
 */
const MAX_LATE_SLOTS_GIVEN_UP = 3;

/** The rate-limit store kept failing until the request's time budget ran out. */
export class BrazeLimiterUnavailableError extends BrazeError {
  override name = "BrazeLimiterUnavailableError";
}

/** Settings of one {@link BucketLimiter}. */
export interface BucketLimiterConfig {
  store: LimiterStore;
  /** `${namespace}:${bucket}`. */
  key: string;
  rule: RateLimitRule;
  clock: Clock;
  /**
   * Window (ms) that the actual send times of this process must respect (at most `rule.limit`
   * sends in any span of it), whatever the timers did. Undefined disables the check (used for
   * limits too large to log).
   */
  sendLogWindowMs?: number;
  /**
   * How late (ms) the wake-up for a slot may be before the slot is given up for a fresh one.
   * A request sent late lands among the slots granted after its own, possibly to other
   * processes sharing the store; this process's send log cannot see those. Undefined: never.
   */
  lateSlotToleranceMs?: number;
  /** Called when the store throws, before the acquisition is retried. */
  onStoreError?: (error: unknown) => void;
}

/**
 * The runtime's view of one rate-limit bucket: takes slots from the store, sleeps the wait it
 * is told, and re-checks pauses that arrived while it slept (a 429 seen by another request of
 * this process), so nothing leaves during a pause even if its slot was reserved before it.
 */
export class BucketLimiter {
  readonly #config: BucketLimiterConfig;
  #pausedUntil = 0;
  readonly #sendLog: SendLog | undefined;

  constructor(config: BucketLimiterConfig) {
    this.#config = config;
    const { limit } = config.rule;
    this.#sendLog =
      config.sendLogWindowMs !== undefined && limit <= MAX_LOGGED_LIMIT
        ? new SendLog(limit, config.sendLogWindowMs)
        : undefined;
  }

  /** The rule in force. */
  get rule(): RateLimitRule {
    return this.#config.rule;
  }

  /**
   * Waits for a slot. Store failures are retried with backoff until `deadline` (epoch ms), then
   * {@link BrazeLimiterUnavailableError} is thrown. Rejects with the signal's reason on abort.
   */
  async take(signal: AbortSignal | undefined, deadline: number): Promise<void> {
    const { store, key, rule, clock } = this.#config;
    let failures = 0;
    let lateSlotsGivenUp = 0;
    for (;;) {
      signal?.throwIfAborted();
      let waitMs: number;
      try {
        ({ waitMs } = await store.acquire(key, rule));
        failures = 0;
      } catch (error) {
        failures++;
        this.#config.onStoreError?.(error);
        const ceiling = Math.min(
          STORE_RETRY_MAX_DELAY_MS,
          STORE_RETRY_BASE_DELAY_MS * 2 ** Math.min(failures, 10),
        );
        const delay = ceiling * Math.random();
        if (clock.now() + delay > deadline) {
          throw new BrazeLimiterUnavailableError("the rate-limit store kept failing", {
            cause: error,
          });
        }
        await clock.sleep(delay, signal);
        continue;
      }
      const dueAt = clock.now() + waitMs;
      // Sub-millisecond waits are not worth a timer turn; the headroom absorbs them.
      if (waitMs >= 1) await clock.sleep(waitMs, signal);
      if (this.#wokeTooLate(dueAt) && lateSlotsGivenUp < MAX_LATE_SLOTS_GIVEN_UP) {
        lateSlotsGivenUp++;
        continue;
      }
      const pauseLeft = this.#pausedUntil - clock.now();
      if (pauseLeft > 0) {
        // The slot predates a pause: wait the pause out and take a fresh slot after it.
        await clock.sleep(pauseLeft, signal);
        continue;
      }
      await this.#keepSendLog(signal);
      return;
    }
  }

  /** Whether this process woke for a slot due at `dueAt` later than the tolerance allows. */
  #wokeTooLate(dueAt: number): boolean {
    const tolerance = this.#config.lateSlotToleranceMs;
    return tolerance !== undefined && this.#config.clock.now() - dueAt > tolerance;
  }

  /** Waits until a send now keeps the window over actual send times, then records it. */
  async #keepSendLog(signal: AbortSignal | undefined): Promise<void> {
    const log = this.#sendLog;
    if (!log) return;
    const { clock } = this.#config;
    for (let wait = log.waitMs(clock.now()); wait > 0; wait = log.waitMs(clock.now())) {
      await clock.sleep(wait, signal);
    }
    log.record(clock.now());
  }

  /** Stops every request of this bucket (here and, through the store, elsewhere) until `untilEpochMs`. */
  async pauseUntil(untilEpochMs: number): Promise<void> {
    this.#pausedUntil = Math.max(this.#pausedUntil, untilEpochMs);
    try {
      await this.#config.store.pauseUntil(this.#config.key, untilEpochMs);
    } catch (error) {
      // The local pause still holds; other processes will see their own 429s.
      this.#config.onStoreError?.(error);
    }
  }
}
