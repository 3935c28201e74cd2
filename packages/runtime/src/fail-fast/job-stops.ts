import type { JobStop } from "../vocabulary/outcome.js";

/**
 * What a job may still send: nothing once the job stopped, nothing of a group once that group
 * stopped (a multi-group job). The first stop is the job's `stopped`; a job stop shows over a
 * group's, and a refusal found after the limit was reached (the job's or a group's) still
 * names that stop, as the limit reached after a group's refusal does not hide it: the
 * canary's purpose is to find it (a job of rows whose preflight stopped a group, then reached
 * its limit, said only `limit`, and the CLI exited 0 with that group's rows not sent).
 */
export class JobStops {
  #job: JobStop | undefined;
  #shown: JobStop | undefined;
  readonly #groups = new Map<string, JobStop>();
  readonly #onShown: ((stop: JobStop) => void) | undefined;

  /** @param onShown told when what the job shows as `stopped` changes */
  constructor(onShown?: (stop: JobStop) => void) {
    this.#onShown = onShown;
  }

  /** Stops the whole job; true when this changed what it shows. */
  stopJob(stop: JobStop): boolean {
    if (this.#job && !(this.#job.reason === "limit" && stop.reason !== "limit")) return false;
    this.#job = stop;
    if (stop.reason === "limit" && this.#shown !== undefined) return false;
    this.#show(stop);
    return true;
  }

  /** Stops one group of the job (the rest goes on); true when the group was not stopped yet. */
  stopGroup(subscriptionGroupId: string, stop: JobStop): boolean {
    if (this.#groups.has(subscriptionGroupId)) return false;
    this.#groups.set(subscriptionGroupId, stop);
    if (this.#shown === undefined || this.#shown.reason === "limit") this.#show(stop);
    return true;
  }

  /**
   * Shows the caller's stop (its `signal` or `stopSignal`, reason `stopped`) unless the job
   * shows a stop already. It keeps nothing back itself: the signal does.
   */
  showCallerStop(stop: JobStop): void {
    if (this.#shown === undefined) this.#show(stop);
  }

  #show(stop: JobStop): void {
    this.#shown = stop;
    this.#onShown?.(stop);
  }

  /** The stop that keeps an item of this group back, if any. */
  of(subscriptionGroupId: string): JobStop | undefined {
    return this.#job ?? this.#groups.get(subscriptionGroupId);
  }

  /**
   * The stop that keeps back an item already handed to a request (a part of a split request,
   * to be sent again): the job's, unless it is the limit (the item is within it), else its
   * group's. The limit held those parts back, and a canary's good rows ended `failed` with
   * another group's refusal.
   */
  ofSent(subscriptionGroupId: string): JobStop | undefined {
    return (this.halted ? this.#job : undefined) ?? this.#groups.get(subscriptionGroupId);
  }

  /** Whether the job stopped for another reason than its limit: nothing more is sent. */
  get halted(): boolean {
    return this.#job !== undefined && this.#job.reason !== "limit";
  }

  /** The whole job's stop, if it stopped. */
  get job(): JobStop | undefined {
    return this.#job;
  }

  /** What the job reports as `stopped`: the job's stop, else the first group's. */
  get shown(): JobStop | undefined {
    return this.#shown;
  }
}
