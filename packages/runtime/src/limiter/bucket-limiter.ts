import type { Clock } from "../clock.js";
import { BrazeError } from "../errors/braze-error.js";
import type { LimiterStore, RateLimitRule } from "./limiter-store.js";

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
   * How late (ms) a wake-up may be and still use its slot. A process stalled past its slot
   * (GC, a busy CPU) would otherwise send every overdue request at once when it resumes, and
   * that burst, not the schedule, is what the server counts.
   * @default Infinity
   */
  lateToleranceMs?: number;
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

  constructor(config: BucketLimiterConfig) {
    this.#config = config;
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
    let lateWakeups = 0;
    const tolerance = this.#config.lateToleranceMs ?? Number.POSITIVE_INFINITY;
    for (;;) {
      signal?.throwIfAborted();
      let waitMs: number;
      try {
        ({ waitMs } = await store.acquire(key, rule));
        failures = 0;
      } catch (error) {
        failures++;
        this.#config.onStoreError?.(error);
        const delay = Math.min(5000, 100 * 2 ** Math.min(failures, 10)) * Math.random();
        if (clock.now() + delay > deadline) {
          throw new BrazeLimiterUnavailableError("the rate-limit store kept failing", {
            cause: error,
          });
        }
        await clock.sleep(delay, signal);
        continue;
      }
      // Sub-millisecond waits are not worth a timer turn; the headroom absorbs them.
      if (waitMs >= 1) {
        const due = clock.now() + waitMs;
        await clock.sleep(waitMs, signal);
        // Woke too late: the slot's moment has passed, so take a fresh one (spaced after every
        // slot reserved so far) instead of joining a burst of overdue requests. Bounded, so a
        // constantly late process still makes progress.
        if (clock.now() - due > tolerance && lateWakeups++ < 5) continue;
      }
      const pauseLeft = this.#pausedUntil - clock.now();
      if (pauseLeft <= 0) return;
      // The slot predates a pause: wait the pause out and take a fresh slot after it.
      await clock.sleep(pauseLeft, signal);
    }
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
