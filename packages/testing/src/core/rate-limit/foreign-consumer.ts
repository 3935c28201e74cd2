import type { RateDecision, RateWindow } from "./rate-window.js";

/** What the simulated foreign consumer of a {@link ForeignConsumer} window did so far. */
export interface ForeignTraffic {
  /** Its requests the budget accepted. */
  readonly accepted: number;
  /** Its requests refused because the budget was spent (by the client under test, mostly). */
  readonly refused: number;
}

/**
 * A budget shared with another service of the same workspace: a simulated consumer sends
 * `share × limit` requests per interval, evenly spaced from the first request the fake sees,
 * and each counts in the wrapped window like a real one (refused when the budget is spent).
 * Its requests are replayed lazily, at their own times, before each request of the client, so
 * no timer runs and an injected clock works.
 */
export class ForeignConsumer implements RateWindow {
  readonly #window: RateWindow;
  readonly #periodMs: number;
  #nextAt: number | undefined;
  #accepted = 0;
  #refused = 0;

  constructor(window: RateWindow, limit: number, intervalMs: number, share: number) {
    this.#window = window;
    this.#periodMs = intervalMs / (share * limit);
  }

  /** What the foreign consumer sent so far. */
  get traffic(): ForeignTraffic {
    return { accepted: this.#accepted, refused: this.#refused };
  }

  take(now: number): RateDecision {
    this.#catchUp(now);
    return this.#window.take(now);
  }

  peek(now: number): RateDecision {
    this.#catchUp(now);
    return this.#window.peek(now);
  }

  clear(): void {
    this.#window.clear();
    this.#nextAt = undefined;
    this.#accepted = 0;
    this.#refused = 0;
  }

  #catchUp(now: number): void {
    // The consumer starts with the traffic: its first request is half a period after the
    // first one seen, so a job starting on a fresh budget finds it untouched.
    if (this.#nextAt === undefined) this.#nextAt = now + this.#periodMs / 2;
    for (; this.#nextAt <= now; this.#nextAt += this.#periodMs) {
      if (this.#window.take(this.#nextAt).allowed) this.#accepted++;
      else this.#refused++;
    }
  }
}
