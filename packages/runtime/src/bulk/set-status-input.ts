import type { PreflightCheck } from "../fail-fast/preflight-read.js";
import { type CallOverrides, optionNames } from "../options/call-overrides.js";
import {
  type IdentifierType,
  identifierFields,
  identifierTypes,
} from "../vocabulary/identifier-type.js";
import type { Progress } from "../vocabulary/outcome.js";
import type { SubscriptionState } from "../vocabulary/subscription-state.js";

/** A source of identifiers: arrays, sets, generators, streams (`for await`-able). */
export type IdentifierSource = Iterable<string> | AsyncIterable<string>;

/** What to set: one group, one state, any number of identifiers of each type. */
export interface SetStatusInput {
  /** The subscription group's id. */
  subscriptionGroupId: string;
  /** The state to set. */
  state: SubscriptionState;
  /** External ids (any group). */
  externalIds?: IdentifierSource;
  /** Email addresses (email groups). Never sent with phones in one request. */
  emails?: IdentifierSource;
  /** E.164 phone numbers (SMS/RCS groups). Never sent with emails in one request. */
  phones?: IdentifierSource;
  /**
   * Sends `use_double_opt_in_logic: true` (SMS groups, subscribing).
   * @default false (the field is not sent)
   */
  useDoubleOptIn?: boolean;
}

/** Per-call options of `setStatus` and `setStatusStream`. */
export interface SetStatusOptions extends CallOverrides {
  /** Stops reading and sending; in-flight requests end as `failed` with code `aborted`. */
  signal?: AbortSignal;
  /**
   * Stops the call gracefully (e.g. on SIGINT): no further identifier is read and no request
   * leaves any more. A request waiting for a rate-limit slot, for the limiter's store or in a
   * retry's backoff ends at once; an attempt already on the wire runs to its answer (at most
   * `timeoutMs`) and is not retried, so what Braze applied is known. Identifiers read but not
   * sent end `failed` with code `aborted`; the call then ends normally (no error), having
   * yielded exactly one outcome per identifier read. `signal` still aborts everything.
   * @default undefined (never stopped)
   */
  stopSignal?: AbortSignal;
  /** Called after every settled request and batch of unsent outcomes. */
  onProgress?: (progress: Progress) => void;
  /**
   * Identifiers to treat as already succeeded (e.g. from a checkpoint): they get outcome
   * `succeeded` with `skipped: true` and are never sent. Given the identifier's group too (a
   * job of rows has many).
   */
  alreadySucceeded?: (type: IdentifierType, id: string, subscriptionGroupId: string) => boolean;
  /**
   * About how many identifiers the sources hold (e.g. a file's line count). The duplicate
   * detector is then allocated once for that many instead of growing as identifiers arrive,
   * which keeps peak memory near its final size (≈ 8 bytes per identifier) rather than leaving
   * outgrown tables to the garbage collector. More identifiers than this still work.
   * @default 0 (no estimate: start small and grow)
   */
  expectedCount?: number;
  /**
   * `false` when the identifiers are known to be distinct already (e.g. the ones a
   * `getStatusStream` of the same sources let through, which de-duplicates): no duplicate
   * detector is kept, saving its ≈ 8 bytes per identifier. A repeated identifier is then
   * sent again rather than reported `duplicate` (a repeated write of one state is harmless).
   * For rows it also turns off the `conflicting_state` check: rows that set one identifier to
   * both states in a group are then all sent, and whichever Braze applies last wins.
   * @default true
   */
  deduplicate?: boolean;
  /**
   * Sends only the first `limit` valid identifiers (those `alreadySucceeded` skips do not
   * count); every later one ends `not_sent` with reason `limit`. A canary: run again without
   * it, with the same `alreadySucceeded`, to send the rest.
   * @default undefined (no limit)
   */
  limit?: number;
  /**
   * Stops the job once more than this many identifiers failed: requests in flight settle,
   * nothing new is sent, and every identifier not sent yet ends `not_sent` with reason
   * `max_failures`.
   * @default undefined (no bound; fail fast still stops a systematic failure)
   */
  maxFailures?: number;
  /**
   * Before its first write, the job reads the state of its first valid identifier in its
   * group (`GET /subscription/status/get`, on the read budget): a 401, 404 or 400 stops it
   * with nothing sent (outcomes `not_sent`, reason `preflight`). The read needs the key
   * permission `subscription.status.get`; without it (403) the job goes on unchecked. A
   * check already made (by `runtime.preflight`, e.g. before asking for confirmation) is used
   * as is instead of reading again.
   * @default true
   */
  preflight?: boolean | PreflightCheck;
  /** Told what the preflight read found (e.g. to warn when it could not check). */
  onPreflight?: (check: PreflightCheck) => void;
}

/** Every option of {@link SetStatusOptions}; others are refused. */
export const setStatusOptionNames = optionNames<SetStatusOptions>({
  signal: true,
  stopSignal: true,
  onProgress: true,
  alreadySucceeded: true,
  expectedCount: true,
  deduplicate: true,
  limit: true,
  maxFailures: true,
  preflight: true,
  onPreflight: true,
  timeoutMs: true,
  retry: true,
});

/** The sources of an input in the order they are read (the spec's order), with their type. */
export function sourcesOf(input: SetStatusInput): Array<[IdentifierType, IdentifierSource]> {
  const sources: Array<[IdentifierType, IdentifierSource]> = [];
  for (const type of identifierTypes) {
    const source = input[identifierFields[type].list];
    if (source !== undefined) sources.push([type, source]);
  }
  return sources;
}
