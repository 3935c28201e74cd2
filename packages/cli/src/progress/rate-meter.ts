/**
 * Identifiers per second over a sliding window of recent samples, so the rate and the ETA
 * follow the rate limiter's pace rather than the burst at the start.
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

/** Milliseconds left at `rate` identifiers per second, or `undefined` when unknown. */
export function etaMs(
  snapshot: { done: number; total: number | undefined },
  rate: number,
): number | undefined {
  if (snapshot.total === undefined || rate <= 0) return undefined;
  return (Math.max(0, snapshot.total - snapshot.done) / rate) * 1_000;
}
