import type { Clock } from "../clock.js";
import { BrazeLimiterUnavailableError } from "../errors/limiter-errors.js";
import { linkedSignal } from "../signals/linked-signal.js";
import type { BudgetObservation, LimiterStore, RateLimitRule } from "./limiter-store.js";

/** Backoff of retried store acquisitions (full jitter): short, since a store usually recovers fast. */
const STORE_RETRY_BASE_DELAY_MS = 100;
const STORE_RETRY_MAX_DELAY_MS = 2000;

/** Settings of one {@link BucketLimiter}. */
export interface BucketLimiterConfig {
  store: LimiterStore;
  /** `${namespace}:${bucket}`. */
  key: string;
  rule: RateLimitRule;
  clock: Clock;
  /** Called when the store throws, before the acquisition is retried. */
  onStoreError?: (error: unknown) => void;
  /** Called once when the store starts failing (`sinceEpochMs`: the first failure). */
  onStoreUnavailable?: (sinceEpochMs: number, error: unknown) => void;
  /** Called once when the store answers again after failing since `sinceEpochMs`. */
  onStoreRecovered?: (sinceEpochMs: number) => void;
}

/**
 * The runtime's view of one rate-limit bucket. Requests ask the store for a grant one at a
 * time, in arrival order (so a thousand waiting requests do not all ask again at every turn);
 * the head of the line sleeps until the store's hint or until a response brings news of the
 * server's budget, whichever comes first.
 */
export class BucketLimiter {
  readonly #config: BucketLimiterConfig;
  #pausedUntil = 0;
  #busy = false;
  readonly #line: Array<() => void> = [];
  #wake: (() => void) | undefined;
  /** When the store started failing, while it keeps failing (shared by every request). */
  #storeFailingSince: number | undefined;

  constructor(config: BucketLimiterConfig) {
    this.#config = config;
  }

  /** The rule in force. */
  get rule(): RateLimitRule {
    return this.#config.rule;
  }

  /**
   * Waits for a grant and returns its ticket (for {@link BucketLimiter.observe}). Store
   * failures are retried with backoff until `deadline` (epoch ms), then
   * {@link BrazeLimiterUnavailableError} is thrown; at once, `permanent`, when the store's error
   * says waiting will not help. Rejects with the signal's reason on abort. `leaseMs`: how long
   * the granted request may stay unanswered (`RateLimitRule.leaseMs`; the caller's timeout).
   */
  async take(signal: AbortSignal | undefined, deadline: number, leaseMs?: number): Promise<number> {
    signal?.throwIfAborted();
    await this.#enter(signal);
    try {
      return await this.#acquire(signal, deadline, leaseMs);
    } finally {
      this.#leave();
    }
  }

  /**
   * Asks the store (when it can tell) whether it can keep this bucket, granting nothing: the
   * {@link BrazeLimiterUnavailableError} (`permanent`) of a store that refuses for good, else
   * `undefined`, also when the store cannot tell within `timeoutMs` or `signal` aborts first
   * (a store's `check` takes no signal: a hung one must not hold a stopping job).
   */
  async check(
    signal: AbortSignal | undefined,
    timeoutMs: number,
  ): Promise<BrazeLimiterUnavailableError | undefined> {
    const { store, key } = this.#config;
    if (store.check === undefined || signal?.aborted) return undefined;
    const checking = (async () => {
      try {
        await store.check?.(key);
        return undefined;
      } catch (error) {
        return isPermanent(error) ? refused(error) : undefined;
      }
    })();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let onAbort: (() => void) | undefined;
    const givenUp = new Promise<undefined>((resolve) => {
      timer = setTimeout(resolve, timeoutMs, undefined);
      onAbort = () => resolve(undefined);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    try {
      return await Promise.race([checking, givenUp]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
  }

  /** Passes what a response said about the server's budget to the store, and wakes the line. */
  async observe(observation: BudgetObservation): Promise<void> {
    try {
      await this.#config.store.observe(this.#config.key, this.#config.rule, observation);
    } catch (error) {
      this.#config.onStoreError?.(error);
    }
    this.#wake?.();
  }

  /**
   * The request of `ticket` ended without an answer (connection error, timeout, abort): it
   * no longer counts as in flight. Fire and forget; a store error is logged.
   */
  settle(ticket: number): void {
    void this.observe({ ticket, refused: false, settled: true });
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

  async #acquire(
    signal: AbortSignal | undefined,
    deadline: number,
    leaseMs: number | undefined,
  ): Promise<number> {
    const { store, key, clock } = this.#config;
    const rule = leaseMs === undefined ? this.#config.rule : { ...this.#config.rule, leaseMs };
    let failures = 0;
    for (;;) {
      signal?.throwIfAborted();
      const pauseLeft = this.#pausedUntil - clock.now();
      if (pauseLeft > 0) {
        await clock.sleep(pauseLeft, signal);
        continue;
      }
      let grant: { waitMs: number; ticket: number };
      try {
        grant = await store.acquire(key, rule, { signal });
        failures = 0;
        this.#storeAnswered();
      } catch (error) {
        // A stopping caller is not a store failure.
        signal?.throwIfAborted();
        // Waiting would not change the answer: no "store unavailable" wait, no retry.
        if (isPermanent(error)) throw refused(error);
        failures++;
        this.#storeFailed(error);
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
      if (grant.waitMs <= 0) return grant.ticket;
      await this.#sleepUntilNews(grant.waitMs, signal);
    }
  }

  /** Sleeps `ms`, or less if a response brings news of the budget first. */
  async #sleepUntilNews(ms: number, signal: AbortSignal | undefined): Promise<void> {
    const wake = linkedSignal(signal);
    this.#wake = () => wake.controller.abort();
    try {
      await this.#config.clock.sleep(ms, wake.signal);
    } catch (error) {
      if (signal?.aborted) throw error;
    } finally {
      this.#wake = undefined;
      wake.release();
    }
  }

  async #enter(signal: AbortSignal | undefined): Promise<void> {
    if (!this.#busy) {
      this.#busy = true;
      return;
    }
    await new Promise<void>((resolve, reject) => {
      const turn = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      const onAbort = () => {
        const at = this.#line.indexOf(turn);
        if (at >= 0) this.#line.splice(at, 1);
        reject(signal?.reason);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#line.push(turn);
    });
  }

  #leave(): void {
    const next = this.#line.shift();
    if (next) next();
    else this.#busy = false;
  }

  #storeFailed(error: unknown): void {
    this.#config.onStoreError?.(error);
    if (this.#storeFailingSince !== undefined) return;
    this.#storeFailingSince = this.#config.clock.now();
    this.#config.onStoreUnavailable?.(this.#storeFailingSince, error);
  }

  #storeAnswered(): void {
    const since = this.#storeFailingSince;
    if (since === undefined) return;
    this.#storeFailingSince = undefined;
    this.#config.onStoreRecovered?.(since);
  }
}

/** The store said waiting will not help (see `LimiterStore.acquire`). */
function isPermanent(error: unknown): boolean {
  return (
    error !== null &&
    typeof error === "object" &&
    (error as { permanent?: unknown }).permanent === true
  );
}

function refused(error: unknown): BrazeLimiterUnavailableError {
  return new BrazeLimiterUnavailableError("the rate-limit store refused for good", {
    cause: error,
    permanent: true,
  });
}
