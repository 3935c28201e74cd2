/**
 * Where the Redis server's clock stands against this process's, learnt from the acquisitions
 * themselves (each reply carries the server's time): the offset of the fastest recent exchange,
 * as NTP does. It turns a slot's server time into a local wait, so a reply that sat unread
 * while this process was busy does not make the request late by that much, and a script that
 * Redis ran late does not make it early.
 */
export class ServerClock {
  #offsetMs = 0;
  #rttMs = Number.POSITIVE_INFINITY;
  #sampledAt = Number.NEGATIVE_INFINITY;

  /** An older best sample gives way to the next one, so clock drift is followed. */
  static readonly maxSampleAgeMs = 10_000;

  /** This process's clock (ms epoch, monotonic between samples). */
  static localNow(): number {
    return performance.timeOrigin + performance.now();
  }

  /** Records one exchange: sent and answered at these local times, server time `serverMs` in between. */
  observe(sentMs: number, receivedMs: number, serverMs: number): void {
    const rttMs = receivedMs - sentMs;
    if (rttMs <= this.#rttMs || receivedMs - this.#sampledAt > ServerClock.maxSampleAgeMs) {
      this.#offsetMs = serverMs - (sentMs + receivedMs) / 2;
      this.#rttMs = rttMs;
      this.#sampledAt = receivedMs;
    }
  }

  /**
   * When the slot at server time `sendAtMs` opens, on this process's clock. The script ran
   * between sending and receiving, so the slot lies in
   * `[sentMs + serverWaitMs, receivedMs + serverWaitMs]`; the offset picks the point, and the
   * bounds cap any error of the estimate at this exchange's own round trip.
   */
  localTime(sendAtMs: number, serverWaitMs: number, sentMs: number, receivedMs: number): number {
    const estimate = sendAtMs - this.#offsetMs;
    return Math.min(receivedMs + serverWaitMs, Math.max(sentMs + serverWaitMs, estimate));
  }
}
