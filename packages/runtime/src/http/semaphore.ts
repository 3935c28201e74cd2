import { abortErrorOf } from "./abort-error.js";

/** Limits how many requests are in flight at once; waiters are served in arrival order. */
export class Semaphore {
  readonly #max: number;
  /** Scrubbed from an abort's message and cause (the reason is the caller's value). */
  readonly #apiKey: string;
  #active = 0;
  readonly #waiters: Array<() => void> = [];

  constructor(max: number, apiKey: string) {
    this.#max = max;
    this.#apiKey = apiKey;
  }

  /**
   * Runs `task` when a permit is free and releases the permit when it settles. `signal` ends
   * the wait for a permit with a `BrazeAbortError` (0 attempts): a call given a deadline must
   * not wait for other calls' requests to settle first (`send` with a 100 ms signal waited
   * for a bulk job's slow request, seconds).
   */
  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#active >= this.#max) await this.#wait(signal);
    else this.#active++;
    try {
      return await task();
    } finally {
      const next = this.#waiters.shift();
      // The permit passes straight to the next waiter, so the count never dips and refills.
      if (next) next();
      else this.#active--;
    }
  }

  #wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortErrorOf(signal, 0, this.#apiKey));
        return;
      }
      const onAbort = () => {
        // Given up before the permit came: out of the queue, so no permit is handed to it.
        this.#waiters.splice(this.#waiters.indexOf(granted), 1);
        reject(abortErrorOf(signal as AbortSignal, 0, this.#apiKey));
      };
      const granted = () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      this.#waiters.push(granted);
    });
  }
}
