/**
 * The actual send times of the last `limit` requests of this process, in a ring. The store's
 * schedule spaces requests, but a process stalled past its slots (GC, a busy CPU) sends the
 * overdue ones late and then catches up; what the server counts are those actual times. The
 * log holds a request until the one sent `limit` requests earlier is at least `windowMs` old,
 * which keeps every window of `windowMs` at or under `limit` whatever the timers did.
 */
export class SendLog {
  readonly #times: Float64Array;
  readonly #windowMs: number;
  #next = 0;

  constructor(limit: number, windowMs: number) {
    this.#times = new Float64Array(limit);
    this.#windowMs = windowMs;
  }

  /** How long to wait before a send at `now` keeps the rule (0 = send now). */
  waitMs(now: number): number {
    const oldest = this.#times[this.#next] as number;
    return oldest === 0 ? 0 : Math.max(0, oldest + this.#windowMs - now);
  }

  /** Records a send at `now`. Call right after `waitMs` returned 0, in the same tick. */
  record(now: number): void {
    this.#times[this.#next] = now;
    this.#next = (this.#next + 1) % this.#times.length;
  }
}
