import type { IdentifierType } from "./identifier-type.js";
import type { DuplicateOutcome, FailedOutcome, InvalidOutcome, OutcomeCounts } from "./outcome.js";
import type { ReadState } from "./subscription-state.js";

export type { ReadState };

/** Braze answered with this identifier's state in the group. */
export interface ReadStateOutcome {
  outcome: ReadState;
  type: IdentifierType;
  id: string;
  index: number;
}

/** Exactly one of these per identifier given to `getStatus`. */
export type ReadOutcome = ReadStateOutcome | InvalidOutcome | DuplicateOutcome | FailedOutcome;

/** One step of `getStatusStream`: the outcomes of one read, or of identifiers never sent. */
export interface ReadBatchResult {
  outcomes: ReadOutcome[];
  /** Present when these outcomes come from a request. */
  request?: { status?: number; attempts: number };
}

/** The counters of one `getStatus` call: one per read state (`subscribed`, …) besides the usual. */
export type ReadCounts = Omit<OutcomeCounts, "succeeded" | "notSent"> & Record<ReadState, number>;

/** What `getStatus` resolves to. */
export interface GetStatusResult extends ReadCounts {
  elapsedMs: number;
  /** Every outcome, in the order they settled. */
  outcomes: ReadOutcome[];
}
