import { gcraParams, reserveSlot } from "./gcra.js";
import type { LimiterStore, RateLimitRule } from "./limiter-store.js";

/** Options of {@link MemoryLimiterStore}. */
export interface MemoryLimiterStoreOptions {
  /**
   * Time source (ms epoch); injectable for tests.
   * @default Date.now
   */
  now?: () => number;
}

interface BucketState {
  tat: number;
  pausedUntil: number;
}

/**
 * The default {@link LimiterStore}: GCRA state in this process's memory. Use a shared store
 * when several processes use the same Braze workspace.
 */
export class MemoryLimiterStore implements LimiterStore {
  readonly #buckets = new Map<string, BucketState>();
  readonly #now: () => number;

  constructor(options: MemoryLimiterStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  async acquire(key: string, rule: RateLimitRule): Promise<{ waitMs: number }> {
    const now = this.#now();
    const state = this.#state(key);
    const { sendAt, tat } = reserveSlot(gcraParams(rule), state.tat, state.pausedUntil, now);
    state.tat = tat;
    return { waitMs: sendAt - now };
  }

  async pauseUntil(key: string, untilEpochMs: number): Promise<void> {
    const state = this.#state(key);
    state.pausedUntil = Math.max(state.pausedUntil, untilEpochMs);
  }

  async close(): Promise<void> {
    this.#buckets.clear();
  }

  #state(key: string): BucketState {
    let state = this.#buckets.get(key);
    if (!state) {
      state = { tat: 0, pausedUntil: 0 };
      this.#buckets.set(key, state);
    }
    return state;
  }
}
