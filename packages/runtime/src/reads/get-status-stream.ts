import { expectedCountOf } from "../bulk/expected-count.js";
import { raiseListenerLimit } from "../bulk/raise-listener-limit.js";
import { openSource } from "../bulk/read-source.js";
import { type IdentifierSource, sourcesOf } from "../bulk/set-status-input.js";
import { validateSetStatusInput } from "../bulk/validate-input.js";
import type { Clock } from "../clock.js";
import { BrazeAbortError } from "../errors/transport-errors.js";
import {
  type AcceptedIdentifier,
  IdentifierClassifier,
  isSettled,
} from "../identifiers/identifier-classifier.js";
import type { CallOverrides } from "../options/call-overrides.js";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
import type { FailureInfo } from "../vocabulary/outcome.js";
import type {
  ReadBatchResult,
  ReadCounts,
  ReadOutcome,
  ReadState,
} from "../vocabulary/read-outcome.js";
import type { ReadRules } from "./read-rules.js";
import type { ReadSender } from "./read-sender.js";

/** Whose state to read: one group, any number of identifiers of each type. */
export interface GetStatusInput {
  /** The subscription group's id. */
  subscriptionGroupId: string;
  /** External ids. */
  externalIds?: IdentifierSource;
  /** Email addresses. */
  emails?: IdentifierSource;
  /** E.164 phone numbers. */
  phones?: IdentifierSource;
}

/** Per-call options of `getStatus` and `getStatusStream`. */
export interface GetStatusOptions extends CallOverrides {
  /** Stops reading and sending; in-flight reads end as `failed` with code `aborted`. */
  signal?: AbortSignal;
  /** Called after every settled read and batch of unsent outcomes. */
  onProgress?: (counts: ReadCounts) => void;
  /** About how many identifiers the sources hold, to presize the duplicate detector. @default 0 */
  expectedCount?: number;
}

/** What the read engine needs from the runtime. */
export interface ReadContext {
  send: ReadSender;
  rules: ReadRules;
  /** Most reads this call keeps in flight. */
  concurrency: number;
  clock: Clock;
}

const KNOWN_STATES = new Set<string>(["subscribed", "unsubscribed", "unknown"]);
const UNSENT_GROUP = 500;

/** Creates the counters of one read call. */
export function newReadCounts(): ReadCounts {
  return {
    total: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    subscribed: 0,
    unsubscribed: 0,
    unknown: 0,
    failed: 0,
    requests: 0,
    retries: 0,
  };
}

/**
 * The engine behind `getStatus`: reads the sources in order, checks each identifier as
 * `setStatus` does (invalid and duplicates are never sent), packs accepted ones into reads of
 * one type filled to the spec's cap, keeps at most `concurrency` reads in flight on the read
 * bucket, and yields one outcome per identifier: its state, or `failed` with the reason. It
 * reads ahead only while the consumer pulls, so memory stays bounded.
 */
export async function* runGetStatus(
  ctx: ReadContext,
  input: GetStatusInput,
  options: GetStatusOptions,
  counts: ReadCounts,
): AsyncGenerator<ReadBatchResult, void, undefined> {
  // The same checks as setStatus for the group and the sources (the state is not read here).
  validateSetStatusInput({ ...input, state: "subscribed" }, "getStatus");
  const controller = new AbortController();
  raiseListenerLimit(ctx.concurrency + 10, controller.signal);
  const callerSignal = options.signal;
  const abortFromCaller = () => controller.abort(callerSignal?.reason);
  if (callerSignal?.aborted) abortFromCaller();
  callerSignal?.addEventListener("abort", abortFromCaller, { once: true });
  const signal = controller.signal;

  const classifier = new IdentifierClassifier(undefined, expectedCountOf(options, "getStatus"));
  const inFlight = new Set<Promise<void>>();
  const ready: ReadBatchResult[] = [];
  let unsent: ReadOutcome[] = [];
  let fatal: FailureInfo | undefined;
  let finished = false;
  let sourceError: { error: unknown } | undefined;

  const count = (outcome: ReadOutcome) => {
    if (outcome.outcome === "invalid") counts.invalid++;
    else if (outcome.outcome === "duplicate") counts.duplicates++;
    else counts[outcome.outcome]++;
  };
  const settleUnsent = (outcome: ReadOutcome) => {
    count(outcome);
    unsent.push(outcome);
    if (unsent.length >= UNSENT_GROUP) {
      ready.push({ outcomes: unsent });
      unsent = [];
    }
  };
  const dispatch = (type: IdentifierType, batch: AcceptedIdentifier[]) => {
    counts.valid += batch.length;
    if (fatal || signal.aborted) {
      const error = fatal ?? { code: "aborted", message: "not sent: the call was aborted" };
      for (const item of batch) settleUnsent({ outcome: "failed", ...item, error });
      return;
    }
    counts.requests++;
    const reading = ctx
      .send(
        { subscriptionGroupId: input.subscriptionGroupId, type, ids: batch.map((i) => i.id) },
        signal,
      )
      .then((result) => {
        counts.retries += Math.max(0, result.attempts - 1);
        const outcomes: ReadOutcome[] = batch.map((item): ReadOutcome => {
          if (!result.ok) return { outcome: "failed", ...item, error: result.error };
          const state = result.states.get(item.id);
          if (state !== undefined && KNOWN_STATES.has(state))
            return { outcome: state as ReadState, ...item };
          return {
            outcome: "failed",
            ...item,
            error: {
              status: result.status,
              code: "unexpected_response",
              message:
                state === undefined
                  ? "Braze's answer has no state for this identifier"
                  : `Braze answered the unknown state ${JSON.stringify(state)}`,
            },
          };
        });
        if (!result.ok && result.fatal) {
          fatal ??= {
            ...result.error,
            message: `${result.error.message} (not sent: an earlier read of this call got HTTP ${result.error.status})`,
          };
        }
        for (const outcome of outcomes) count(outcome);
        const status = result.ok ? result.status : result.error.status;
        ready.push({
          outcomes,
          request: { ...(status === undefined ? {} : { status }), attempts: result.attempts },
        });
      });
    const tracked = reading.finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
  };

  try {
    for (const [type, source] of sourcesOf({ ...input, state: "subscribed" })) {
      const cap = ctx.rules.caps[type];
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
          counts.total++;
          const verdict = classifier.classify(type, raw, index++);
          if (isSettled(verdict)) settleUnsent(verdict as ReadOutcome);
          else {
            batch.push(verdict);
            if (batch.length === cap) {
              dispatch(type, batch);
              batch = [];
            }
          }
          if (ready.length > 0) yield* takeReady();
          while (inFlight.size >= ctx.concurrency) {
            await Promise.race(inFlight);
            yield* takeReady();
          }
        }
        done = !signal.aborted;
      } catch (error) {
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
    if (!finished) controller.abort(new BrazeAbortError("The result stream was closed early"));
  }
  if (sourceError) throw sourceError.error;
  if (callerSignal?.aborted) {
    throw new BrazeAbortError(
      "getStatus was aborted by its AbortSignal; outcomes so far were delivered",
    );
  }

  function* takeReady(): Generator<ReadBatchResult, void, undefined> {
    while (ready.length > 0) {
      const next = ready.shift() as ReadBatchResult;
      options.onProgress?.({ ...counts });
      yield next;
    }
  }
}
