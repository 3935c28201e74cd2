import { GrantLog } from "./grant-log.js";
import type {
  BudgetObservation,
  LimiterGrant,
  LimiterStore,
  RateLimitRule,
} from "./limiter-store.js";
import { type BudgetState, budgetObserve, budgetTake, newBudgetState } from "./server-budget.js";

/** Options of {@link MemoryLimiterStore}. */
export interface MemoryLimiterStoreOptions {
  /**
   * Time source (ms epoch); injectable for tests.
   * @default Date.now
   */
  now?: () => number;
}

/**
 * Most grants logged per bucket: a larger limit is never reached by the log's count, so its
 * sliding-log rule simply never holds a request back (one number per allowed request).
 */
export const MAX_LOGGED_GRANTS = 100_000;

/**
 * Answers come back out of order, so a grant's arrival time is not in ticket order: the log
 * keeps twice the limit, enough for any window to hold every grant that may be in it.
 */
export function logCapacity(rule: RateLimitRule): number {
  return Math.min(2 * rule.limit, MAX_LOGGED_GRANTS);
}

interface Bucket {
  state: BudgetState;
  log: GrantLog;
}

/**
 * The default {@link LimiterStore}: the budget of each bucket in this process's memory. Use a
 * shared store when several processes use the same Braze workspace.
 */
export class MemoryLimiterStore implements LimiterStore {
  readonly #buckets = new Map<string, Bucket>();
  readonly #now: () => number;

  constructor(options: MemoryLimiterStoreOptions = {}) {
    this.#now = options.now ?? Date.now;
  }

  async acquire(key: string, rule: RateLimitRule): Promise<LimiterGrant> {
    const { state, log } = this.#bucket(key, rule);
    return budgetTake(state, log, rule, this.#now());
  }

  async observe(key: string, rule: RateLimitRule, observation: BudgetObservation): Promise<void> {
    // Only acquisitions make a bucket and size its log: an answer without one has no ticket.
    const bucket = this.#buckets.get(key);
    if (bucket) budgetObserve(bucket.state, bucket.log, rule, observation, this.#now());
  }

  async pauseUntil(key: string, untilEpochMs: number): Promise<void> {
    const bucket = this.#buckets.get(key);
    if (bucket) bucket.state.pausedUntil = Math.max(bucket.state.pausedUntil, untilEpochMs);
    else this.#pending.set(key, Math.max(this.#pending.get(key) ?? 0, untilEpochMs));
  }

  async close(): Promise<void> {
    this.#buckets.clear();
  }

  // A pause may arrive before the first acquisition tells the bucket's rule (and log size).
  readonly #pending = new Map<string, number>();

  #bucket(key: string, rule: RateLimitRule): Bucket {
    let bucket = this.#buckets.get(key);
    const capacity = logCapacity(rule);
    if (!bucket || bucket.log.capacity < capacity) {
      const state = bucket?.state ?? newBudgetState();
      state.pausedUntil = Math.max(state.pausedUntil, this.#pending.get(key) ?? 0);
      this.#pending.delete(key);
      // A rule with a higher limit (a longer log) keeps what the log holds.
      bucket = { state, log: bucket ? bucket.log.grown(capacity) : new GrantLog(capacity) };
      this.#buckets.set(key, bucket);
    }
    return bucket;
  }
}
