import { BrazeClosedError } from "../errors/transport-errors.js";

/**
 * The open → closing → closed life of one runtime. `close()` refuses new calls at once, lets
 * every running call settle (a bulk job's later requests need the rate-limit store: its
 * server's last word, `X-RateLimit-Remaining` and a 429's pause, is what keeps them out of a
 * spent window), and only then releases the store. Before, the default store was cleared
 * under a running job: an answer then found no bucket and was dropped, and the job's next
 * request went out blind into the spent window (a 429, on the whole workspace's budget).
 */
export class RuntimeLifecycle {
  #closed = false;
  #closing: Promise<void> | undefined;
  #released = false;
  /** Calls, streams and requests not settled yet. */
  readonly #running = new Set<Promise<unknown>>();

  /** Throws `BrazeClosedError` naming `call` once `close()` was called. */
  admit(call: string): void {
    if (this.#closed) throw new BrazeClosedError(`${call}: this Braze runtime is closed`);
  }

  /** Runs `work` as a call of this runtime: refused after `close()`, waited for by it. */
  run<T>(call: string, work: () => Promise<T>): Promise<T> {
    let running: Promise<T>;
    try {
      this.admit(call);
      running = work();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#track(running);
  }

  /**
   * A stream of this runtime: refused at its first `next()` after `close()`, and waited for
   * by `close()` from then until it ends (read to its end, `break`, `return()` or an error).
   */
  stream<T>(call: string, open: () => AsyncIterator<T>): AsyncIterable<T> {
    const lifecycle = this;
    return {
      async *[Symbol.asyncIterator]() {
        lifecycle.admit(call);
        let end: () => void = () => {};
        void lifecycle.#track(new Promise<void>((resolve) => (end = resolve)));
        try {
          yield* { [Symbol.asyncIterator]: open };
        } finally {
          end();
        }
      },
    };
  }

  /**
   * `fetch` as this runtime's clients use it: each request is waited for by `close()`, and
   * one started once the store was released is refused (the `client`'s own calls, a listing
   * read after `close()`: they would meet a released store).
   */
  guardFetch(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
    return (input, init) =>
      this.#released
        ? this.run("request", () => fetch(input, init))
        : this.#track(fetch(input, init));
  }

  /**
   * Refuses new calls, runs `flush` (the per-event calls queued before), waits until every
   * running call has settled, then runs `release` once.
   */
  close(flush: () => Promise<void>, release: () => Promise<void>): Promise<void> {
    this.#closed = true;
    // Closing twice waits for the same end (the store is released once).
    this.#closing ??= this.#drain(flush, release);
    return this.#closing;
  }

  async #drain(flush: () => Promise<void>, release: () => Promise<void>): Promise<void> {
    await flush();
    while (this.#running.size > 0) await Promise.allSettled([...this.#running]);
    this.#released = true;
    await release();
  }

  #track<T>(running: Promise<T>): Promise<T> {
    this.#running.add(running);
    const forget = () => this.#running.delete(running);
    void running.then(forget, forget);
    return running;
  }
}
