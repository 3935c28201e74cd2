import { MAX_TIMER_MS } from "@braze-subscriptions/option-checks";

/** Time source of the runtime; injectable so tests can control it. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock: `Date.now()` and `setTimeout`. A wait longer than a timer can hold (a pause
 * until a far `X-RateLimit-Reset`, say) is slept in timer-sized steps: handed to `setTimeout`
 * whole, Node would fire it after 1 ms and the caller would spin.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      if (ms <= 0 && !signal) return resolve();
      let left = Math.max(0, ms);
      let timer = setTimeout(step, Math.min(left, MAX_TIMER_MS));
      function step() {
        left -= MAX_TIMER_MS;
        if (left > 0) {
          timer = setTimeout(step, Math.min(left, MAX_TIMER_MS));
          return;
        }
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }
      function onAbort() {
        clearTimeout(timer);
        reject(signal?.reason);
      }
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  },
};
