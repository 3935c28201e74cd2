import { JobStops } from "../fail-fast/job-stops.js";
import { abortError } from "../http/abort-error.js";
import type { SendVerdict } from "../http/send-verdict.js";
import { StopSending } from "../signals/stop-sending.js";
import type { FailureInfo } from "../vocabulary/outcome.js";
import { limitStop, maxFailuresStop } from "./job-bounds.js";
import { JobSignals } from "./job-signals.js";
import type { AcceptedItem, JobSource, JobSteps, SettledItem } from "./job-steps.js";
import { OutcomeQueue, type StepResult } from "./outcome-queue.js";
import { openSource } from "./read-source.js";

/**
 * The pipeline every bulk job runs (`setStatus` of one group or of rows, `getStatus`), from
 * input to outcome:
 *
 * 1. **read** each input in order, one value at a time, and only while the consumer pulls;
 * 2. **classify** it: an outcome already (invalid, duplicate, skipped), kept back (the job or
 *    its group stopped), or an item to send;
 * 3. **batch** the item (the job's packer); a full request, or every open one at the end of an
 *    input or at the call's `limit`, goes to
 * 4. **dispatch**: it waits for a free slot (which paces reading to the requests; one slot
 *    until a request succeeded), runs the preflight before the first request, and sends;
 * 5. **settle** each answer into one outcome per item; fail fast and `maxFailures` then
 *    decide what may still be sent. A job may split a refused request instead (`split`):
 *    its parts are sent again, before any new request, and settle on their own answers.
 *
 * Every item read ends with exactly one outcome, yielded step by step in settling order. A
 * stop lets the requests in flight settle and sends nothing new; the rest of the input is
 * still read so that each item gets its outcome. The caller's `signal` aborts everything (a
 * `BrazeAbortError` after the outcomes so far); `stopSignal` stops gracefully.
 */
export function runJob<Item extends AcceptedItem, Out extends SettledItem, V extends SendVerdict>(
  steps: JobSteps<Item, Out, V>,
): AsyncGenerator<StepResult<Out>, void, undefined> {
  return new Job(steps).run();
}

class Job<Item extends AcceptedItem, Out extends SettledItem, V extends SendVerdict> {
  readonly #steps: JobSteps<Item, Out, V>;
  readonly #signals: JobSignals;
  readonly #stops: JobStops;
  readonly #queue = new OutcomeQueue<Out>();
  readonly #inFlight = new Set<Promise<void>>();
  /** Parts of split requests waiting to be sent again, with the refusal that split them. */
  readonly #resends: Array<{ batch: Item[]; refusal: V }> = [];
  /** Items in requests not settled yet. */
  #inFlightItems = 0;
  /**
   * Items handed to the packer so far (what `limit` counts), less those a group's stop kept
   * back before they were sent (the limit counts items sent).
   */
  #accepted = 0;
  #preflightDone: boolean;
  /** What the caller's code threw: its source, or a callback (`onProgress`…). */
  #callerError: { error: unknown } | undefined;
  /** The progress callback threw once: it is not called again. */
  #reportBroken = false;

  constructor(steps: JobSteps<Item, Out, V>) {
    this.#steps = steps;
    this.#signals = new JobSignals(steps, steps.concurrency);
    this.#stops = new JobStops(steps.onStopped);
    this.#preflightDone = steps.preflight === undefined;
  }

  get #signal(): AbortSignal {
    return this.#signals.sending;
  }

  async *run(): AsyncGenerator<StepResult<Out>, void, undefined> {
    let finished = false;
    try {
      if (this.#steps.limit === 0) this.#stops.stopJob(limitStop(0));
      for (const input of this.#steps.sources) {
        yield* this.#read(input);
        // The partial requests of this input (or of what was read before it failed).
        for (const batch of this.#steps.packer.drain()) yield* this.#dispatch(batch);
        yield* this.#takeReady();
        // A stop leaves the next inputs unread; `#read` tells the caller's stop for them.
        if (this.#callerError) break;
      }
      this.#queue.flushUnsent();
      while (this.#inFlight.size > 0 || this.#queue.hasReady || this.#resends.length > 0) {
        yield* this.#dispatchResends();
        yield* this.#takeReady();
        if (this.#inFlight.size > 0) await Promise.race(this.#inFlight);
        // A request that ended before it left (stopped, or refused by the limiter's store)
        // settles its items as unsent, after the input's last ones were handed out.
        this.#queue.flushUnsent();
      }
      finished = true;
    } finally {
      this.#signals.close(finished);
    }
    if (this.#callerError) throw this.#callerError.error;
    if (this.#signals.abortedByCaller) {
      // The signal's reason as `cause`: the caller's own stop told from a deadline.
      throw abortError(
        `${this.#steps.where} was aborted by its AbortSignal; outcomes so far were delivered`,
        this.#signals.callerReason,
        this.#steps.apiKey,
      );
    }
  }

  /**
   * Read: the values of one input, in order. Each is classified and batched at once (no
   * promise per value: a job reads millions); only a request to send makes it wait.
   */
  async *#read(input: JobSource<Item, Out>): AsyncGenerator<StepResult<Out>, void, undefined> {
    const opened = openSource(input.source);
    let index = 0;
    let done = false;
    try {
      while (!this.#signal.aborted && !this.#callerError) {
        let step = opened.next();
        if (opened.isAsync) step = await step;
        const { done: end, value } = step as IteratorResult<unknown>;
        if (end) {
          done = true;
          break;
        }
        this.#steps.counts.total++;
        const requests = this.#classify(input.classify(value, index++));
        if (requests !== undefined) {
          for (const batch of requests) yield* this.#dispatch(batch);
          if (this.#accepted === this.#steps.limit) {
            this.#stops.stopJob(limitStop(this.#accepted));
          }
        }
        if (this.#resends.length > 0) yield* this.#dispatchResends();
        if (this.#queue.hasReady) yield* this.#takeReady();
      }
    } catch (error) {
      // A failing source (an unreadable file…) ends reading, but what was read still gets its
      // outcomes before the error reaches the caller.
      this.#callerError ??= { error };
    } finally {
      if (!done) await opened.close().catch(() => {});
    }
    if (!done && this.#signal.aborted) this.#showCallerStop();
  }

  /**
   * The caller's `signal` or `stopSignal` ended the job before its input was read or its
   * requests had left: the job shows it as its stop (`stopped.reason: "stopped"`), unless it
   * stopped on its own first. Only its outcomes said so: a result without `stopped` read as
   * a job that had got through its whole input.
   */
  #showCallerStop(): void {
    const error = this.#signal.reason instanceof StopSending ? STOPPED : ABORTED;
    this.#stops.showCallerStop({ reason: "stopped", error });
  }

  /**
   * Classify: a value has its outcome already, is kept back by a stop, or is batched. Returns
   * the requests to dispatch now, if any.
   */
  #classify(verdict: Item | Out): Item[][] | undefined {
    if ("outcome" in verdict) {
      this.#settleUnsent(verdict);
      return undefined;
    }
    const stop = this.#stops.of(this.#steps.groupOf(verdict));
    if (stop) {
      this.#settleUnsent(this.#steps.keptBack(verdict, stop));
      return undefined;
    }
    return this.#batch(verdict);
  }

  /** Batch: a full request is to be sent; at the call's limit, every open one is. */
  #batch(item: Item): Item[][] | undefined {
    this.#accepted++;
    const full = this.#steps.packer.add(item);
    if (this.#accepted !== this.#steps.limit) return full === undefined ? undefined : [full];
    const open = this.#steps.packer.drain();
    return full === undefined ? open : [full, ...open];
  }

  /**
   * Dispatch: waits for a free slot (this is what paces reading to the requests), runs the
   * preflight before the first request, keeps back what a stop found meanwhile, and sends.
   */
  async *#dispatch(batch: Item[]): AsyncGenerator<StepResult<Out>, void, undefined> {
    // The parts of a split request go first: their items were read earlier.
    yield* this.#dispatchResends();
    yield* this.#waitForSlot(true);
    const { preflight } = this.#steps;
    if (!this.#preflightDone && preflight && !this.#stops.job && !this.#signal.aborted) {
      this.#preflightDone = true;
      const stop = await preflight(batch, this.#signal);
      if (stop && "job" in stop) this.#stops.stopJob(stop.job);
      for (const group of stop && "groups" in stop ? stop.groups : [])
        this.#stops.stopGroup(group.subscriptionGroupId, group.stop);
    }
    const sendable: Item[] = [];
    for (const item of batch) {
      const stop = this.#stops.of(this.#steps.groupOf(item));
      if (stop === undefined) {
        sendable.push(item);
        continue;
      }
      // A group's stop (the preflight's refusal of it, in the first request) keeps the item
      // back unsent: the limit, which counts items sent, takes another in its place. A canary
      // whose first rows were of a refused group sent that many rows fewer.
      if (stop !== this.#stops.job) this.#accepted--;
      this.#settleUnsent(this.#steps.keptBack(item, stop));
    }
    if (sendable.length === 0) return;
    if (this.#signal.aborted) {
      const error = this.#signal.reason instanceof StopSending ? STOPPED : ABORTED;
      this.#showCallerStop();
      for (const item of sendable) this.#settleUnsent(this.#steps.unsent(item, error));
      return;
    }
    this.#steps.counts.valid += sendable.length;
    this.#inFlightItems += sendable.length;
    this.#send(sendable);
  }

  /**
   * Waits for a free slot, unless the job stopped; `resendsFirst` (a new request) sends waiting
   * parts meanwhile. A part of a split request (`resendsFirst` false) is within the limit: a
   * limit reached does not stop it, and it waits for its slot.
   */
  async *#waitForSlot(resendsFirst: boolean): AsyncGenerator<StepResult<Out>, void, undefined> {
    const stopped = () => (resendsFirst ? this.#stops.job : this.#stops.halted);
    while (!stopped() && !this.#signal.aborted && this.#inFlight.size >= this.#slots()) {
      await Promise.race(this.#inFlight);
      yield* this.#takeReady();
      if (resendsFirst) yield* this.#dispatchResends();
    }
  }

  /** Sends the parts of split requests waiting, each in a slot of its own. */
  async *#dispatchResends(): AsyncGenerator<StepResult<Out>, void, undefined> {
    for (let next = this.#resends.shift(); next; next = this.#resends.shift()) {
      yield* this.#waitForSlot(false);
      // Its items were counted valid and in flight when their first request left. What a stop
      // or the caller's signal keeps back ends with the refusal of that request: it was sent,
      // and Braze refused it. The limit does not: they are within it.
      const sendable: Item[] = [];
      const held: Item[] = [];
      for (const item of next.batch) {
        const stopped = this.#signal.aborted || this.#stops.ofSent(this.#steps.groupOf(item));
        (stopped ? held : sendable).push(item);
      }
      if (held.length > 0) this.#settleRefused(held, next.refusal);
      // The part itself when nothing was held: the job's `split` may know it by identity.
      if (sendable.length > 0) this.#send(held.length > 0 ? sendable : next.batch, next.refusal);
    }
  }

  /** Sends one request; `refusal` is the one that split the request these items were in. */
  #send(batch: Item[], refusal?: V): void {
    this.#steps.counts.requests++;
    const sending = this.#steps
      .send(batch, this.#signal)
      .then((verdict) => this.#settle(batch, verdict, refusal));
    const tracked = sending.finally(() => this.#inFlight.delete(tracked));
    this.#inFlight.add(tracked);
  }

  /** Until a request succeeded, one at a time: a wrong key or group is then found cheaply. */
  #slots(): number {
    return this.#steps.circuits.proven ? this.#steps.concurrency : 1;
  }

  /** Settle: one outcome per item of an answered request; then fail fast and `maxFailures`. */
  #settle(batch: Item[], verdict: V, refusal?: V): void {
    const { counts } = this.#steps;
    if (!verdict.ok && verdict.attempts === 0) {
      // Stopped or aborted before its first attempt left (waiting for the rate limit): no
      // request was made, so its items are as unsent as those the stop found in a batch.
      counts.requests--;
      if (refusal !== undefined) {
        // Part of a split request: its items were sent once, and keep that refusal.
        if (verdict.fatal) this.#record(batch, verdict);
        this.#settleRefused(batch, refusal);
        return;
      }
      this.#inFlightItems -= batch.length;
      counts.valid -= batch.length;
      // Refused for good before it left (the rate-limit store's configuration is wrong): the
      // job stops as on a 401, and this request's items are kept back by that stop like the
      // rest, `not_sent`.
      if (verdict.fatal) this.#record(batch, verdict);
      else if (this.#signal.aborted) this.#showCallerStop();
      for (const item of batch) {
        const stop = verdict.fatal ? this.#stops.of(this.#steps.groupOf(item)) : undefined;
        this.#settleUnsent(
          stop ? this.#steps.keptBack(item, stop) : this.#steps.unsent(item, verdict.error),
        );
      }
      return;
    }
    counts.retries += Math.max(0, verdict.attempts - 1);
    const split = this.#steps.split?.(batch, verdict);
    if (split !== undefined) {
      // The parts stay in flight; only what the refusal settles now goes to fail fast (the
      // other groups' rows are judged by their own requests' answers).
      for (const part of split.resend) this.#resends.push({ batch: part, refusal: verdict });
      if (split.settled.length === 0) return;
      batch = split.settled;
    }
    this.#inFlightItems -= batch.length;
    const outcomes = this.#steps.settle(batch, verdict);
    for (const outcome of outcomes) this.#steps.count(outcome);
    this.#record(batch, verdict);
    this.#checkMaxFailures();
    const status = verdict.ok ? verdict.status : verdict.error.status;
    this.#queue.pushRequest(outcomes, status, verdict.attempts);
  }

  /** Fail fast: the verdict counts for every group the batch carried. */
  #record(batch: Item[], verdict: V): void {
    const groups = new Set(batch.map((item) => this.#steps.groupOf(item)));
    this.#steps.circuits.record(groups, verdict, this.#stops);
  }

  #checkMaxFailures(): void {
    const { counts, maxFailures } = this.#steps;
    if (maxFailures !== undefined && counts.failed > maxFailures) {
      this.#stops.stopJob(maxFailuresStop(counts.failed, maxFailures));
    }
  }

  /**
   * Items of a split request that are not sent again (a stop, the caller's signal): they end
   * with the refusal of the request they were in, not recorded again by fail fast.
   */
  #settleRefused(batch: Item[], refusal: V): void {
    this.#inFlightItems -= batch.length;
    for (const outcome of this.#steps.settle(batch, refusal)) {
      this.#steps.count(outcome);
      this.#queue.pushUnsent(outcome);
    }
    this.#checkMaxFailures();
  }

  /** The outcome of an item never sent (invalid, duplicate, skipped, kept back, aborted). */
  #settleUnsent(outcome: Out): void {
    if (outcome.outcome !== "invalid" && outcome.outcome !== "duplicate") {
      this.#steps.counts.valid++;
    }
    this.#steps.count(outcome);
    this.#queue.pushUnsent(outcome);
  }

  /** Yields every settled step, telling the progress first. */
  *#takeReady(): Generator<StepResult<Out>, void, undefined> {
    for (let next = this.#queue.shift(); next; next = this.#queue.shift()) {
      this.#report();
      yield next;
    }
  }

  /**
   * Tells the progress. A throwing callback ends the job as a failing source does: nothing
   * more is read, and what was read (this step, and requests on the wire, which Braze may have
   * applied) still gets its outcomes before the error reaches the caller. Thrown out of here,
   * it lost the step in hand and aborted the requests in flight, outcomes and all.
   */
  #report(): void {
    if (this.#reportBroken) return;
    try {
      this.#steps.report({ inFlight: this.#inFlightItems, stopped: this.#stops.shown });
    } catch (error) {
      this.#reportBroken = true;
      this.#callerError ??= { error };
    }
  }
}

const ABORTED: FailureInfo = { code: "aborted", message: "not sent: the call was aborted" };
const STOPPED: FailureInfo = {
  code: "aborted",
  message: "not sent: the call was stopped before this request left",
};
