/** Limits how many requests are in flight at once; waiters are served in arrival order. */
export class Semaphore {
  readonly #max: number;
  #active = 0;
  readonly #waiters: Array<() => void> = [];

  constructor(max: number) {
    this.#max = max;
  }

  /** Runs `task` when a permit is free and releases the permit when it settles. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active >= this.#max) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    } else {
      this.#active++;
    }
    try {
      return await task();
    } finally {
      const next = this.#waiters.shift();
      // The permit passes straight to the next waiter, so the count never dips and refills.
      if (next) next();
      else this.#active--;
    }
  }
}
