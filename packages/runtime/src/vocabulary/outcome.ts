import type { ValidationIssue } from "@braze-subscriptions/validators";
import type { IdentifierType } from "./identifier-type.js";

/** Why a request failed for an identifier. */
export interface FailureInfo {
  /** HTTP status of the last answer, when there was one. */
  status?: number;
  /**
   * `http_<status>` (a non-retryable answer), `unexpected_response` (a redirect, or a 2xx
   * that is not the spec's success response: the update may not have happened), `connection`,
   * `timeout`, `aborted`, `rate_limiter_unavailable`, `retries_exhausted` (retryable failures
   * until the attempt or time budget ran out; `status` and `message` then describe the last
   * one), or `internal` (an unexpected exception).
   */
  code: string;
  /** Braze's `message`, or a description of the transport failure. */
  message: string;
}

/**
 * Why a job stopped sending before its input ran out:
 * - `systematic_failure`: Braze gave the recent requests the same refusal, so the rest would
 *   fail alike (see the README's "Fail fast");
 * - `max_failures`: more identifiers failed than the call's `maxFailures` allows;
 * - `limit`: the call's `limit` of identifiers to send was reached (a canary run);
 * - `preflight`: the read before the first write was refused (401, 404, 400): nothing was sent;
 * - `stopped`: the call's `stopSignal` or `signal` (the CLI's Ctrl-C) ended it before this
 *   identifier's request left the process (waiting for a slot, the rate limit or the limiter's
 *   store); its error has code `aborted`. A request that had left ends `failed` instead: Braze
 *   may have applied it.
 */
export type StopReason = "systematic_failure" | "max_failures" | "limit" | "preflight" | "stopped";

/** The stop of a job: why, and the error every identifier it kept back carries. */
export interface JobStop {
  reason: StopReason;
  /**
   * For `systematic_failure` the refusal that stopped the job (`status`, `http_<status>`,
   * Braze's message); for `preflight` the read's refusal, its message naming the likely cause;
   * for `max_failures` code `max_failures`; for `limit` code `limit_reached`.
   */
  error: FailureInfo;
}

interface OutcomeBase {
  /** Which input the identifier came from. */
  type: IdentifierType;
  /** The identifier as sent (validated), or as given when invalid. */
  id: string;
  /** 0-based position in ITS input iterable, counting every item (invalid ones too). */
  index: number;
}

/** Braze accepted the request carrying this identifier (or a checkpoint said it already had). */
export interface SucceededOutcome extends OutcomeBase {
  outcome: "succeeded";
  /** Set when `alreadySucceeded` said so; the identifier was not sent. */
  skipped?: true;
}
/** The identifier failed validation and was never sent. */
export interface InvalidOutcome extends OutcomeBase {
  outcome: "invalid";
  issue: ValidationIssue;
}
/**
 * A row of a `setStatus({ rows })` call refused before its identifier could be told: the row is
 * not an object (`null`, a string, an array…), its `type` is not an identifier type, or its
 * `id` is missing. Never sent. Where the row gives no identifier type, `type` is `null`; where
 * it gives no identifier (`id` absent, `null`, or not a string or number), `id` is `null`: an
 * outcome never invents an external id `"undefined"`. `index` and `issue` say which row and why.
 */
export interface InvalidRowOutcome {
  outcome: "invalid";
  /** The row's `type` when it is an identifier type; `null` when the row names none. */
  type: IdentifierType | null;
  /** The row's `id` as given (a number as its text); `null` when it gives none. */
  id: string | null;
  /** 0-based position of the row in the call's `rows`. */
  index: number;
  issue: ValidationIssue;
}
/** The same (type, id) appeared earlier in this call; only the first one is sent. */
export interface DuplicateOutcome extends OutcomeBase {
  outcome: "duplicate";
  /** Index of the first occurrence (not tracked by the bulk path, to keep memory bounded). */
  firstIndex?: number;
}
/** The request carrying this identifier failed for good. */
export interface FailedOutcome extends OutcomeBase {
  outcome: "failed";
  error: FailureInfo;
}

/**
 * A valid identifier the call did not send because the job stopped first (a systematic
 * failure, `maxFailures`, `limit`, or the caller stopping it). Nothing was sent for it: a later
 * run may send it.
 */
export interface NotSentOutcome extends OutcomeBase {
  outcome: "not_sent";
  /** Why the job stopped. */
  reason: StopReason;
  /** The error that stopped the job (the same object for every identifier it kept back). */
  error: FailureInfo;
}

/**
 * Exactly one of these per input identifier (per row of a `{ rows }` call). An `invalid` one
 * is an {@link InvalidOutcome}, or for a row that names no identifier an
 * {@link InvalidRowOutcome} (`type`/`id` may then be `null`).
 */
export type Outcome =
  | SucceededOutcome
  | InvalidOutcome
  | InvalidRowOutcome
  | DuplicateOutcome
  | FailedOutcome
  | NotSentOutcome;

/** One step of {@link setStatusStream}: the outcomes of one request, or of identifiers never sent. */
export interface BatchResult {
  outcomes: Outcome[];
  /** Present when these outcomes come from a request. */
  request?: { status?: number; attempts: number };
}

/** The counters of one bulk call, shared by its progress and its result. */
export interface OutcomeCounts {
  /** Identifiers read so far. */
  total: number;
  /** Identifiers that passed validation and were not duplicates. */
  valid: number;
  invalid: number;
  duplicates: number;
  succeeded: number;
  failed: number;
  /** Valid identifiers not sent because the job stopped first (outcome `not_sent`). */
  notSent: number;
  /** Requests sent (a retried request counts once). */
  requests: number;
  /** Extra attempts made by retries. */
  retries: number;
}

/** Counters reported through `onProgress` (cumulative for the call). */
export interface Progress extends OutcomeCounts {
  /** Identifiers in requests not settled yet. */
  inFlight: number;
  /** Times the bucket was paused by a 429 or an exhausted budget during this call. */
  rateLimited: number;
  /** Set once the job stopped sending (the rest of the input still gets its outcomes). */
  stopped?: JobStop;
}

/** What {@link setStatus} resolves to. */
export interface SetStatusResult extends OutcomeCounts {
  elapsedMs: number;
  /** Why the call stopped sending before its input ran out, if it did. */
  stopped?: JobStop;
  /**
   * Every outcome, in the order they settled. Always there: `setStatus` and the `result` of
   * its errors collect them (the stream yields them batch by batch instead).
   */
  outcomes: Outcome[];
}
