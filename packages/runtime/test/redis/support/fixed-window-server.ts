/**
 * What a strict fixed-window server answers, shared with another consumer that takes
 * `foreign` requests per window, evenly: the words of a consistent server for the parity
 * test's random scripts (requests count when answered; times are ms from a window's start).
 */
export class FixedWindowServer {
  readonly #accepted = new Map<number, number>();

  constructor(
    readonly limit: number,
    readonly intervalMs: number,
    readonly foreign: number,
  ) {}

  /** The answer to one of the job's requests arriving at `at`. */
  answer(at: number): { remaining: number; resetAt: number; refused: boolean } {
    const window = Math.floor(at / this.intervalMs);
    const start = window * this.intervalMs;
    const own = this.#accepted.get(window) ?? 0;
    const used = own + Math.floor((this.foreign * (at - start)) / this.intervalMs);
    const resetAt = start + this.intervalMs;
    if (used >= this.limit) return { remaining: 0, resetAt, refused: true };
    this.#accepted.set(window, own + 1);
    return { remaining: this.limit - used - 1, resetAt, refused: false };
  }
}
