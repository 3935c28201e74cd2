import type { RateDecision, RateWindow } from "./rate-window.js";

/**
 * Fixed windows aligned to the clock, as Braze documents: the budget refills at every multiple
 * of `intervalMs` since the epoch, so a client can spend two budgets around a boundary.
 */
export class FixedWindow implements RateWindow {
  #windowStart = Number.NEGATIVE_INFINITY;
  #count = 0;

  constructor(
    private readonly limit: number,
    private readonly intervalMs: number,
  ) {}

  take(now: number): RateDecision {
    this.#roll(now);
    if (this.#count >= this.limit) return this.#decision(false);
    this.#count++;
    return this.#decision(true);
  }

  peek(now: number): RateDecision {
    this.#roll(now);
    return this.#decision(this.#count < this.limit);
  }

  clear(): void {
    this.#windowStart = Number.NEGATIVE_INFINITY;
    this.#count = 0;
  }

  #roll(now: number): void {
    const start = Math.floor(now / this.intervalMs) * this.intervalMs;
    if (start !== this.#windowStart) {
      this.#windowStart = start;
      this.#count = 0;
    }
  }

  #decision(allowed: boolean): RateDecision {
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - this.#count),
      resetAtMs: this.#windowStart + this.intervalMs,
    };
  }
}
