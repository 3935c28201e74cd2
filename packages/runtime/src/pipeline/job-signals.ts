import { BrazeAbortError } from "../errors/transport-errors.js";
import { StopSending } from "../signals/stop-sending.js";
import { raiseListenerLimit } from "./raise-listener-limit.js";

/**
 * The signals of one job. `hard` aborts everything (the caller's `signal`, or the consumer
 * leaving early); `sending` is what requests follow: `hard`, or a graceful stop
 * (`stopSignal`), which lets attempts already on the wire reach their answer (see
 * {@link StopSending}).
 */
export class JobSignals {
  readonly #hard = new AbortController();
  readonly #sending = new AbortController();
  readonly #caller: AbortSignal | undefined;
  readonly #stop: AbortSignal | undefined;
  readonly #abortFromCaller = () => this.#hard.abort(this.#caller?.reason);
  readonly #stopGracefully = () => {
    if (!this.#sending.signal.aborted) this.#sending.abort(new StopSending(this.#hard.signal));
  };

  /** @param listeners how many requests may listen at once (the call's concurrency) */
  constructor(
    options: { signal?: AbortSignal | undefined; stopSignal?: AbortSignal | undefined },
    listeners: number,
  ) {
    // Each request in flight links to these signals for as long as it runs (see linkedSignal).
    raiseListenerLimit(listeners + 10, this.#hard.signal);
    raiseListenerLimit(listeners + 10, this.#sending.signal);
    this.#hard.signal.addEventListener("abort", () => {
      if (!this.#sending.signal.aborted) this.#sending.abort(this.#hard.signal.reason);
    });
    this.#caller = options.signal;
    this.#stop = options.stopSignal;
    if (this.#caller?.aborted) this.#abortFromCaller();
    this.#caller?.addEventListener("abort", this.#abortFromCaller, { once: true });
    if (this.#stop?.aborted) this.#stopGracefully();
    this.#stop?.addEventListener("abort", this.#stopGracefully, { once: true });
  }

  /** What requests follow: aborted by the caller's signal or, gracefully, by its stop signal. */
  get sending(): AbortSignal {
    return this.#sending.signal;
  }

  /** Whether the caller's `signal` aborted the job (it then ends with a `BrazeAbortError`). */
  get abortedByCaller(): boolean {
    return this.#caller?.aborted === true;
  }

  /** The caller's `signal`'s reason, once it aborted (the `cause` of the job's abort error). */
  get callerReason(): unknown {
    return this.#caller?.reason;
  }

  /**
   * Detaches from the caller's signals. A job that did not finish (its consumer stopped early:
   * break, return, throw) stops the requests still running.
   */
  close(finished: boolean): void {
    this.#caller?.removeEventListener("abort", this.#abortFromCaller);
    this.#stop?.removeEventListener("abort", this.#stopGracefully);
    if (!finished) this.#hard.abort(new BrazeAbortError("The result stream was closed early"));
  }
}
