import type { Clock } from "../clock.js";
import { BrazeAbortError } from "../errors/transport-errors.js";
import type { PreflightCheck, PreflightJob } from "../fail-fast/preflight-read.js";
import {
  type SystematicFailure,
  SystematicFailureDetector,
} from "../fail-fast/systematic-failure-detector.js";
import type { BatchSender } from "../http/batch-sender.js";
import { StopSending } from "../http/stop-sending.js";
import {
  type AcceptedIdentifier,
  IdentifierClassifier,
  isSettled,
} from "../identifiers/identifier-classifier.js";
import { capOf } from "../identifiers/spec-rules.js";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
import type {
  BatchResult,
  FailureInfo,
  JobStop,
  Outcome,
  Progress,
} from "../vocabulary/outcome.js";
import { expectedCountOf } from "./expected-count.js";
import { jobBoundsOf, limitStop, maxFailuresStop } from "./job-bounds.js";
import { raiseListenerLimit } from "./raise-listener-limit.js";
import { openSource } from "./read-source.js";
import { type SetStatusInput, type SetStatusOptions, sourcesOf } from "./set-status-input.js";
import { validateSetStatusInput } from "./validate-input.js";

/**
 * The step a job runs before its first write, given the job's group and first valid
 * identifier: a cheap read that proves key, instance and group (see `preflightRead`).
 */
export type PreflightStep = (job: PreflightJob, signal: AbortSignal) => Promise<PreflightCheck>;

/** What the bulk engine needs from the runtime. */
export interface BulkContext {
  send: BatchSender;
  /** Most requests this call keeps in flight (bounds memory with the consumer's pace). */
  concurrency: number;
  clock: Clock;
  /** Total pauses of the bucket so far (for `Progress.rateLimited`). */
  rateLimitedCount: () => number;
  /** Identical refusals in a row that stop a job once a request succeeded (`failFast.consecutive`). */
  failFastConsecutive: number;
  /** Told when a job stops on a systematic failure. */
  onSystematicFailure?: (subscriptionGroupId: string, failure: SystematicFailure) => void;
  /** Run once before the first write (unless the call's `preflight` is false). */
  preflight?: PreflightStep;
}

/** Unsent outcomes (invalid, duplicate, skipped) are handed out in groups of this size. */
const UNSENT_GROUP = 500;

/** Creates the counters of one call. */
export function newProgress(): Progress {
  return {
    total: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    succeeded: 0,
    failed: 0,
    inFlight: 0,
    notSent: 0,
    requests: 0,
    retries: 0,
    rateLimited: 0,
  };
}

/**
 * The bulk engine behind `setStatus` and `setStatusStream`: reads the sources in order
 * (external ids, emails, phones), classifies each identifier, packs accepted ones into
 * requests of one type filled to the spec's cap, keeps at most `concurrency` requests in flight
 * and yields every outcome exactly once. It only reads ahead while the consumer pulls, so
 * memory stays bounded whatever the input size. `progress` is updated in place.
 *
 * Fail fast: until one request has succeeded, requests leave one at a time (a wrong key or
 * group then costs one or two requests, not one per concurrency slot). Once the job stops
 * (a systematic failure, `maxFailures`, `limit`), requests in flight settle, nothing new
 * leaves, and the rest of the input is still read so that every identifier gets its outcome:
 * valid ones `not_sent`, invalid and duplicate ones their own.
 */
export async function* runSetStatus(
  ctx: BulkContext,
  input: SetStatusInput,
  options: SetStatusOptions,
  progress: Progress,
): AsyncGenerator<BatchResult, void, undefined> {
  validateSetStatusInput(input, "setStatus");
  const expectedCount = expectedCountOf(options, "setStatus");
  const bounds = jobBoundsOf(options, "setStatus");
  // `controller` aborts everything (the caller's signal, or the consumer leaving early);
  // `sending` is what requests follow: that, or a graceful stop (`stopSignal`), which lets
  // attempts already on the wire reach their answer (see StopSending).
  const controller = new AbortController();
  const sending = new AbortController();
  // Each request in flight links to these signals for as long as it runs (see linkedSignal).
  raiseListenerLimit(ctx.concurrency + 10, controller.signal);
  raiseListenerLimit(ctx.concurrency + 10, sending.signal);
  const callerSignal = options.signal;
  const abortFromCaller = () => controller.abort(callerSignal?.reason);
  controller.signal.addEventListener("abort", () => {
    if (!sending.signal.aborted) sending.abort(controller.signal.reason);
  });
  if (callerSignal?.aborted) abortFromCaller();
  callerSignal?.addEventListener("abort", abortFromCaller, { once: true });
  const stopSignal = options.stopSignal;
  const stopGracefully = () => {
    if (!sending.signal.aborted) sending.abort(new StopSending(controller.signal));
  };
  if (stopSignal?.aborted) stopGracefully();
  stopSignal?.addEventListener("abort", stopGracefully, { once: true });
  const signal = sending.signal;

  const classifier = new IdentifierClassifier(options.alreadySucceeded, expectedCount);
  const detector = new SystematicFailureDetector(ctx.failFastConsecutive);
  const rateLimitedAtStart = ctx.rateLimitedCount();
  const inFlight = new Set<Promise<void>>();
  const ready: BatchResult[] = [];
  let unsent: Outcome[] = [];
  /** Set once nothing more may be sent; identifiers past it end `not_sent`. */
  let stop: JobStop | undefined;
  /** Valid identifiers handed to requests so far (what `limit` counts). */
  let accepted = 0;
  const checked = typeof options.preflight === "object" ? options.preflight : undefined;
  let preflightDone =
    checked === undefined && (ctx.preflight === undefined || options.preflight === false);
  let finished = false;
  let sourceError: { error: unknown } | undefined;

  // A failure found after the limit was reached still names the job's stop: the canary's
  // purpose is to find it.
  const stopWith = (reason: JobStop) => {
    if (stop && !(stop.reason === "limit" && reason.reason !== "limit")) return;
    stop = reason;
    progress.stopped = reason;
  };
  const report = () => {
    progress.rateLimited = ctx.rateLimitedCount() - rateLimitedAtStart;
    options.onProgress?.({ ...progress });
  };
  const settleUnsent = (outcome: Outcome) => {
    if (outcome.outcome === "invalid") progress.invalid++;
    else if (outcome.outcome === "duplicate") progress.duplicates++;
    else if (outcome.outcome === "succeeded") {
      progress.valid++;
      progress.succeeded++;
    } else if (outcome.outcome === "not_sent") {
      progress.valid++;
      progress.notSent++;
    } else {
      progress.valid++;
      progress.failed++;
    }
    unsent.push(outcome);
    if (unsent.length >= UNSENT_GROUP) {
      ready.push({ outcomes: unsent });
      unsent = [];
    }
  };
  const keepBack = (batch: AcceptedIdentifier[], why: JobStop) => {
    for (const item of batch) {
      settleUnsent({ outcome: "not_sent", ...item, reason: why.reason, error: why.error });
    }
  };
  const failAll = (batch: AcceptedIdentifier[], error: FailureInfo) => {
    for (const item of batch) settleUnsent({ outcome: "failed", ...item, error });
  };
  /** Until a request succeeded, one at a time: a wrong key or group is then found cheaply. */
  const slots = () => (detector.proven ? ctx.concurrency : 1);
  const dispatch = (type: IdentifierType, batch: AcceptedIdentifier[]) => {
    if (stop) return keepBack(batch, stop);
    if (signal.aborted) {
      return failAll(batch, signal.reason instanceof StopSending ? stoppedFailure : abortedFailure);
    }
    progress.requests++;
    progress.inFlight += batch.length;
    progress.valid += batch.length;
    const sending = ctx
      .send(
        {
          subscriptionGroupId: input.subscriptionGroupId,
          state: input.state,
          type,
          ids: batch.map((item) => item.id),
          ...(input.useDoubleOptIn === undefined ? {} : { useDoubleOptIn: input.useDoubleOptIn }),
        },
        signal,
      )
      .then((result) => {
        progress.inFlight -= batch.length;
        progress.retries += Math.max(0, result.attempts - 1);
        let outcomes: Outcome[];
        if (result.ok) {
          progress.succeeded += batch.length;
          outcomes = batch.map((item) => ({ outcome: "succeeded", ...item }));
        } else {
          progress.failed += batch.length;
          outcomes = batch.map((item) => ({ outcome: "failed", ...item, error: result.error }));
        }
        const systematic = detector.record(result);
        if (systematic && stop?.reason !== "systematic_failure") {
          stopWith({ reason: "systematic_failure", error: systematic.error });
          ctx.onSystematicFailure?.(input.subscriptionGroupId, systematic);
        }
        if (bounds.maxFailures !== undefined && progress.failed > bounds.maxFailures) {
          stopWith(maxFailuresStop(progress.failed, bounds.maxFailures));
        }
        const status = result.ok ? result.status : result.error.status;
        ready.push({
          outcomes,
          request: { ...(status === undefined ? {} : { status }), attempts: result.attempts },
        });
      });
    const tracked = sending.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };
  /**
   * Sends a full (or last) batch once a slot is free, after the preflight step for the first
   * one. Waiting here, before the send, is also what paces reading to the requests.
   */
  async function* send(
    type: IdentifierType,
    batch: AcceptedIdentifier[],
  ): AsyncGenerator<BatchResult, void, undefined> {
    while (!stop && !signal.aborted && inFlight.size >= slots()) {
      await Promise.race(inFlight);
      yield* takeReady();
    }
    if (!preflightDone && !stop && !signal.aborted) {
      preflightDone = true;
      const first = batch[0] as AcceptedIdentifier;
      const check =
        checked ??
        (await ctx.preflight?.(
          { subscriptionGroupId: input.subscriptionGroupId, type, id: first.id },
          signal,
        ));
      if (check && !checked) options.onPreflight?.(check);
      if (check?.outcome === "stopped") stopWith({ reason: "preflight", error: check.error });
    }
    dispatch(type, batch);
  }

  try {
    if (bounds.limit === 0) stopWith(limitStop(0));
    for (const [type, source] of sourcesOf(input)) {
      const cap = capOf(type);
      let batch: AcceptedIdentifier[] = [];
      let index = 0;
      const opened = openSource(source);
      let done = false;
      try {
        while (!signal.aborted) {
          let step = opened.next();
          if (opened.isAsync) step = await step;
          const { done: end, value: raw } = step as IteratorResult<unknown>;
          if (end) break;
          progress.total++;
          const verdict = classifier.classify(type, raw, index++);
          if (isSettled(verdict)) {
            settleUnsent(verdict);
          } else if (stop) {
            keepBack([verdict], stop);
          } else {
            batch.push(verdict);
            accepted++;
            const limitReached = accepted === bounds.limit;
            if (batch.length === cap || limitReached) {
              yield* send(type, batch);
              batch = [];
            }
            if (limitReached) stopWith(limitStop(accepted));
          }
          if (ready.length > 0) yield* takeReady();
        }
        done = !signal.aborted;
      } catch (error) {
        // A failing source (unreadable file…) ends reading, but what was read still gets its
        // outcomes before the error reaches the caller.
        sourceError = { error };
      } finally {
        if (!done) await opened.close().catch(() => {});
      }
      if (batch.length > 0) yield* send(type, batch);
      yield* takeReady();
      if (signal.aborted || sourceError) break;
    }

    if (unsent.length > 0) {
      ready.push({ outcomes: unsent });
      unsent = [];
    }
    while (inFlight.size > 0 || ready.length > 0) {
      yield* takeReady();
      if (inFlight.size > 0) await Promise.race(inFlight);
    }
    finished = true;
  } finally {
    callerSignal?.removeEventListener("abort", abortFromCaller);
    stopSignal?.removeEventListener("abort", stopGracefully);
    // The consumer stopped early (break/return/throw): stop the requests still running.
    if (!finished) controller.abort(new BrazeAbortError("The result stream was closed early"));
  }
  if (sourceError) throw sourceError.error;
  if (callerSignal?.aborted) {
    throw new BrazeAbortError(
      "setStatus was aborted by its AbortSignal; outcomes so far were delivered",
    );
  }

  function* takeReady(): Generator<BatchResult, void, undefined> {
    while (ready.length > 0) {
      const next = ready.shift() as BatchResult;
      report();
      yield next;
    }
  }
}

const abortedFailure: FailureInfo = { code: "aborted", message: "not sent: the call was aborted" };
const stoppedFailure: FailureInfo = {
  code: "aborted",
  message: "not sent: the call was stopped before this request left",
};
