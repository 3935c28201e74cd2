import type { IdentifierSource } from "../bulk/set-status-input.js";
import { sourcesOf } from "../bulk/set-status-input.js";
import { validateSetStatusInput } from "../bulk/validate-input.js";
import { jobCircuit } from "../fail-fast/circuits.js";
import {
  type AcceptedIdentifier,
  IdentifierClassifier,
} from "../identifiers/identifier-classifier.js";
import { type CallOverrides, optionNames } from "../options/call-overrides.js";
import { expectedCountOf } from "../pipeline/expected-count.js";
import { TypePacker } from "../pipeline/packer.js";
import { runJob } from "../pipeline/run-job.js";
import type { ReadRules } from "../spec/read-rules.js";
import type { ReadBatchResult, ReadCounts, ReadOutcome } from "../vocabulary/read-outcome.js";
import {
  type ReadState,
  readStates,
  type SubscriptionState,
  subscriptionStates,
} from "../vocabulary/subscription-state.js";
import type { ReadSender, ReadSendResult } from "./read-sender.js";

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
  /**
   * Stops the call gracefully (e.g. on SIGINT): nothing more is read and no read leaves any
   * more; reads on the wire get their answer. Identifiers read but not sent end `failed` with
   * code `aborted`; the call then ends normally.
   * @default undefined (never stopped)
   */
  stopSignal?: AbortSignal;
  /** Called after every settled read and batch of unsent outcomes. */
  onProgress?: (counts: ReadCounts) => void;
  /** About how many identifiers the sources hold, to presize the duplicate detector. @default 0 */
  expectedCount?: number;
}

/** Every option of {@link GetStatusOptions}; others are refused. */
export const getStatusOptionNames = optionNames<GetStatusOptions>({
  signal: true,
  stopSignal: true,
  onProgress: true,
  expectedCount: true,
  timeoutMs: true,
  retry: true,
});

/** What the read engine needs from the runtime. */
export interface ReadContext {
  send: ReadSender;
  /** Scrubbed from what the call's errors say (the abort's reason is the caller's value). */
  apiKey: string;
  rules: ReadRules;
  /** Most reads this call keeps in flight. */
  concurrency: number;
  /** Identical refusals in a row that stop a call once a read succeeded (`failFast.consecutive`). */
  failFastConsecutive: number;
}

const KNOWN_STATES = new Set<string>(readStates);

/** Creates the counters of one read call. */
export function newReadCounts(): ReadCounts {
  return {
    total: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    failed: 0,
    requests: 0,
    retries: 0,
    ...(Object.fromEntries(readStates.map((state) => [state, 0])) as Record<ReadState, number>),
  };
}

/**
 * `getStatus`: the shared pipeline (see `runJob`) over the sources in order, each identifier
 * checked as `setStatus` does (invalid and duplicates are never sent), packed one type per
 * read filled to the spec's cap of the read, on the read bucket, and settled into one outcome
 * per identifier: its state, or `failed` with the reason. Fail fast applies as for a write
 * (the first read alone; a refusal every read repeats stops the call, the rest `failed` with
 * it); `limit` and `maxFailures` do not: a read changes nothing and costs the read budget.
 */
export async function* runGetStatus(
  ctx: ReadContext,
  input: GetStatusInput,
  options: GetStatusOptions,
  counts: ReadCounts,
): AsyncGenerator<ReadBatchResult, void, undefined> {
  // The same checks as setStatus for the group and the sources (the state is not read here:
  // any of the spec's will do).
  const asWrite = { ...input, state: subscriptionStates[0] as SubscriptionState };
  validateSetStatusInput(asWrite, "getStatus");
  const classifier = new IdentifierClassifier(undefined, expectedCountOf(options, "getStatus"));
  const { subscriptionGroupId } = input;
  const failed = ({ type, id, index }: AcceptedIdentifier, error: ReadOutcomeError) =>
    ({ outcome: "failed", type, id, index, error }) as const;
  yield* runJob<AcceptedIdentifier, ReadOutcome, ReadSendResult>({
    where: "getStatus",
    apiKey: ctx.apiKey,
    signal: options.signal,
    stopSignal: options.stopSignal,
    concurrency: ctx.concurrency,
    counts,
    sources: sourcesOf(asWrite).map(([type, source]) => ({
      source,
      classify: (raw: unknown, index: number) =>
        classifier.classify(type, raw, index) as AcceptedIdentifier | ReadOutcome,
    })),
    packer: new TypePacker((type) => ctx.rules.caps[type]),
    send: (batch, signal) =>
      ctx.send(
        {
          subscriptionGroupId,
          type: (batch[0] as AcceptedIdentifier).type,
          ids: batch.map((item) => item.id),
        },
        signal,
      ),
    settle: (batch, result) =>
      batch.map((item): ReadOutcome => {
        if (!result.ok) return failed(item, result.error);
        const state = result.states.get(item.id);
        if (state !== undefined && KNOWN_STATES.has(state))
          return { outcome: state as ReadState, type: item.type, id: item.id, index: item.index };
        return failed(item, {
          status: result.status,
          code: "unexpected_response",
          message:
            state === undefined
              ? "Braze's answer has no state for this identifier"
              : `Braze answered the unknown state ${JSON.stringify(state)}`,
        });
      }),
    // A read has no `not_sent`: one never sent fails, its error saying so.
    unsent: failed,
    // A read has no `not_sent`: what a stop kept back fails with the refusal that stopped it.
    keptBack: (item, stop) =>
      failed(item, {
        ...stop.error,
        message: `${stop.error.message} (not sent: ${keptBackBecause(stop.error)})`,
      }),
    count: (outcome) => {
      if (outcome.outcome === "duplicate") counts.duplicates++;
      else counts[outcome.outcome]++;
    },
    report: () => options.onProgress?.({ ...counts }),
    groupOf: () => subscriptionGroupId,
    circuits: jobCircuit(ctx.failFastConsecutive),
  });
}

type ReadOutcomeError = Extract<ReadOutcome, { outcome: "failed" }>["error"];

/** Why a stop kept an identifier's read back, for its message. */
function keptBackBecause(error: ReadOutcomeError): string {
  // A store refusing for good refused a slot: the read it was for never left either.
  if (error.code === "rate_limiter_unavailable")
    return "the rate-limit store refused an earlier read's slot for good";
  if (error.status === undefined) return "an earlier read of this call got the same answer";
  return `an earlier read of this call got HTTP ${error.status}`;
}
