import type { Clock } from "../clock.js";
import { BrazeAbortError } from "../errors/transport-errors.js";
import type { BatchSender } from "../http/batch-sender.js";
import {
  type AcceptedIdentifier,
  IdentifierClassifier,
  isSettled,
} from "../identifiers/identifier-classifier.js";
import { capOf } from "../identifiers/spec-rules.js";
import { expectedCountOf } from "./expected-count.js";
import type { BatchResult, FailureInfo, IdentifierType, Outcome, Progress } from "./outcome.js";
import { raiseListenerLimit } from "./raise-listener-limit.js";
import { openSource } from "./read-source.js";
import { type SetStatusInput, type SetStatusOptions, sourcesOf } from "./set-status-input.js";
import { validateSetStatusInput } from "./validate-input.js";

/** What the bulk engine needs from the runtime. */
export interface BulkContext {
  send: BatchSender;
  /** Most requests this call keeps in flight (bounds memory with the consumer's pace). */
  concurrency: number;
  clock: Clock;
  /** Total pauses of the bucket so far (for `Progress.rateLimited`). */
  rateLimitedCount: () => number;
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
 */
export async function* runSetStatus(
  ctx: BulkContext,
  input: SetStatusInput,
  options: SetStatusOptions,
  progress: Progress,
): AsyncGenerator<BatchResult, void, undefined> {
  validateSetStatusInput(input, "setStatus");
  const expectedCount = expectedCountOf(options, "setStatus");
  const controller = new AbortController();
  // Each request in flight links to this signal for as long as it runs (see linkedSignal).
  raiseListenerLimit(ctx.concurrency + 10, controller.signal);
  const callerSignal = options.signal;
  const abortFromCaller = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) abortFromCaller();
  callerSignal?.addEventListener("abort", abortFromCaller, { once: true });
  const signal = controller.signal;

  const classifier = new IdentifierClassifier(options.alreadySucceeded, expectedCount);
  const rateLimitedAtStart = ctx.rateLimitedCount();
  const inFlight = new Set<Promise<void>>();
  const ready: BatchResult[] = [];
  let unsent: Outcome[] = [];
  let fatal: FailureInfo | undefined;
  let finished = false;
  let sourceError: { error: unknown } | undefined;

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
  const failAll = (batch: AcceptedIdentifier[], error: FailureInfo) => {
    for (const item of batch) settleUnsent({ outcome: "failed", ...item, error });
  };
  const dispatch = (type: IdentifierType, batch: AcceptedIdentifier[]) => {
    if (fatal) return failAll(batch, fatal);
    if (signal.aborted) return failAll(batch, abortedFailure);
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
          if (result.fatal) fatal ??= notSentAfter(result.error);
          outcomes = batch.map((item) => ({ outcome: "failed", ...item, error: result.error }));
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

  try {
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
          } else {
            batch.push(verdict);
            if (batch.length === cap) {
              dispatch(type, batch);
              batch = [];
            }
          }
          if (ready.length > 0) yield* takeReady();
          // Backpressure: read no further while every request slot of this call is busy.
          while (inFlight.size >= ctx.concurrency) {
            await Promise.race(inFlight);
            yield* takeReady();
          }
        }
        done = !signal.aborted;
      } catch (error) {
        // A failing source (unreadable file…) ends reading, but what was read still gets its
        // outcomes before the error reaches the caller.
        sourceError = { error };
      } finally {
        if (!done) await opened.close().catch(() => {});
      }
      if (batch.length > 0) dispatch(type, batch);
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

function notSentAfter(error: FailureInfo): FailureInfo {
  return {
    ...error,
    message: `${error.message} (not sent: an earlier request of this call got HTTP ${error.status})`,
  };
}
