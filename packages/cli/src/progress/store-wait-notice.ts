import type {
  LimiterStoreRecoveredEvent,
  LimiterStoreUnavailableEvent,
} from "@braze-subscriptions/runtime";
import { formatDuration } from "../options/duration.js";

/** What {@link createStoreWaitNotice} returns: the runtime's two hooks, and a way to stop. */
export interface StoreWaitNotice {
  onLimiterStoreUnavailable: (event: LimiterStoreUnavailableEvent) => void;
  onLimiterStoreRecovered: (event: LimiterStoreRecoveredEvent) => void;
  /** Stops the repeated line (the run is over). */
  stop(): void;
}

/**
 * Says on stderr that the job is waiting for Redis (`--redis-url`), and for how long: no
 * request can leave while the shared rate limiter does not answer, and progress lines stop
 * with them, so a silent job would look hung. Printed when the outage starts, then every
 * `intervalMs` (the progress interval), and once when Redis answers again.
 */
export function createStoreWaitNotice(
  log: (line: string) => void,
  intervalMs: number,
): StoreWaitNotice {
  let timer: ReturnType<typeof setInterval> | undefined;
  let since = 0;
  let reason = "";
  const print = () =>
    log(
      `waiting for Redis for ${formatDuration(Date.now() - since)}: no request is sent until it answers (${reason})`,
    );
  const stop = () => {
    if (timer !== undefined) clearInterval(timer);
    timer = undefined;
  };
  return {
    onLimiterStoreUnavailable(event) {
      since = event.sinceEpochMs;
      reason = event.message;
      print();
      stop();
      timer = setInterval(print, intervalMs);
      // The line must never keep a finished job alive.
      timer.unref();
    },
    onLimiterStoreRecovered(event) {
      stop();
      log(`Redis answers again after ${formatDuration(event.unavailableMs)}; resuming`);
    },
    stop,
  };
}
