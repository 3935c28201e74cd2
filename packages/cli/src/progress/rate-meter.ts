/**
 * Identifiers per second over a sliding window of recent samples, so the rate and the ETA
 * follow the rate limiter's pace rather than the burst at the start. A job paced by a
 * server's windows needs a window at least as long as theirs: over 10 s of Braze's minute
 * the rate swings from a burst's thousands to 0 (and the ETA to "1h 21m" between two).
 */
export class RateMeter {
  private readonly samples: Array<{ at: number; done: number }> = [];

  constructor(private readonly windowMs = 10_000) {}

  /** Adds a sample and returns the current rate in identifiers per second. */
  sample(done: number, at = Date.now()): number {
    this.samples.push({ at, done });
    while (this.samples.length > 2 && at - (this.samples[0]?.at ?? at) > this.windowMs)
      this.samples.shift();
    const first = this.samples[0] as { at: number; done: number };
    const seconds = (at - first.at) / 1_000;
    return seconds > 0 ? (done - first.done) / seconds : 0;
  }

  /**
   * Whether the samples span some time, so that {@link sample}'s rate is measured: a 0 is then
   * a stall (nothing done over the window), not the lack of a second sample.
   */
  get measured(): boolean {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    return first !== undefined && last !== undefined && last.at > first.at;
  }
}

/**
 * The rate limit a job is paced by: the server grants `limit` requests a window of
 * `intervalMs` (Braze: a minute), so a job spends a window's budget at once and then waits.
 */
export interface Pace {
  limit: number;
  intervalMs: number;
}

/**
 * Milliseconds left at `rate` identifiers per second, or `undefined` when unknown. With the
 * job's `pace`, never less than the requests left take at it: the identifiers left, at the
 * requests per identifier so far (invalid, duplicate and resumed rows send none), less one
 * window's budget, which may still be free now. A window's opening burst measured over a
 * few seconds is no rate the job keeps (on Braze's minute, 200,000 identifiers in 5 s read as
 * "ETA 20s" for the 800,000 left).
 */
export function etaMs(
  snapshot: { done: number; total: number | undefined; requests?: number },
  rate: number,
  pace?: Pace,
): number | undefined {
  if (snapshot.total === undefined || rate <= 0) return undefined;
  const left = Math.max(0, snapshot.total - snapshot.done);
  const atRate = (left / rate) * 1_000;
  if (pace === undefined || !snapshot.requests || snapshot.done <= 0) return atRate;
  const requestsLeft = (left * snapshot.requests) / snapshot.done;
  const atPace = (Math.max(0, requestsLeft - pace.limit) * pace.intervalMs) / pace.limit;
  return Math.max(atRate, atPace);
}
