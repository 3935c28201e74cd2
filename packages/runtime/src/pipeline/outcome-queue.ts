/** Outcomes never sent (invalid, duplicate, skipped, kept back) are handed out in groups of this size. */
const UNSENT_GROUP = 500;

/** One step of a job's stream: the outcomes of one request, or of items never sent. */
export interface StepResult<Out> {
  outcomes: Out[];
  /** Present when these outcomes come from a request. */
  request?: { status?: number; attempts: number };
}

/**
 * The settled outcomes of a job waiting to be yielded, in the order they settled: each
 * request's as one step, the unsent ones gathered into steps of {@link UNSENT_GROUP}.
 */
export class OutcomeQueue<Out> {
  readonly #ready: StepResult<Out>[] = [];
  #unsent: Out[] = [];

  /** The outcomes of one request. */
  pushRequest(outcomes: Out[], status: number | undefined, attempts: number): void {
    this.#ready.push({
      outcomes,
      request: { ...(status === undefined ? {} : { status }), attempts },
    });
  }

  /** The outcome of an item that was never sent. */
  pushUnsent(outcome: Out): void {
    this.#unsent.push(outcome);
    if (this.#unsent.length >= UNSENT_GROUP) this.flushUnsent();
  }

  /** Makes the unsent outcomes gathered so far a step of their own. */
  flushUnsent(): void {
    if (this.#unsent.length === 0) return;
    this.#ready.push({ outcomes: this.#unsent });
    this.#unsent = [];
  }

  /** True when a step waits to be yielded. */
  get hasReady(): boolean {
    return this.#ready.length > 0;
  }

  /** The next step, in settling order. */
  shift(): StepResult<Out> | undefined {
    return this.#ready.shift();
  }
}
