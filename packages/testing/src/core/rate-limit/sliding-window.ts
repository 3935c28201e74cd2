import type { RateDecision, RateWindow } from "./rate-window.js";

/**
 * A sliding log: at most `limit` requests in any span of `intervalMs`. Stricter than fixed
 * windows (no double budget around a boundary), which makes it a good test of a client's own
 * limiter. The reset time is when the oldest counted request leaves the span.
 */
export class SlidingWindow implements RateWindow {
  // Accepted request times, oldest first; `#head` skips expired ones without shifting.
  #times: number[] = [];
  #head = 0;

  constructor(
    private readonly limit: number,
    private readonly intervalMs: number,
  ) {}

  take(now: number): RateDecision {
    this.#evict(now);
    if (this.#size() >= this.limit) return this.#decision(false, now);
    this.#times.push(now);
    return this.#decision(true, now);
  }

  peek(now: number): RateDecision {
    this.#evict(now);
    return this.#decision(this.#size() < this.limit, now);
  }

  clear(): void {
    this.#times = [];
    this.#head = 0;
  }

  #size(): number {
    return this.#times.length - this.#head;
  }

  #evict(now: number): void {
    const horizon = now - this.intervalMs;
    while (this.#head < this.#times.length && (this.#times[this.#head] as number) <= horizon)
      this.#head++;
    // Compact once the dead prefix dominates, so memory stays O(limit).
    if (this.#head > 1024 && this.#head * 2 > this.#times.length) {
      this.#times = this.#times.slice(this.#head);
      this.#head = 0;
    }
  }

  #decision(allowed: boolean, now: number): RateDecision {
    const size = this.#size();
    const oldest = size > 0 ? (this.#times[this.#head] as number) : now;
    return {
      allowed,
      limit: this.limit,
      remaining: Math.max(0, this.limit - size),
      resetAtMs: oldest + this.intervalMs,
    };
  }
}
