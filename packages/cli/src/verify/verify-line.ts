import type { ReadOutcome, SubscriptionState } from "@braze-subscriptions/runtime";

/** What a read found for one input line, compared with the expected state. */
export type VerifyOutcome = "matches" | "differs" | "unknown" | "invalid" | "duplicate" | "failed";

/**
 * One line of `verify --report`: `{"line":N,"id":"…","type":"email","outcome":"…","state":…}`,
 * `state` being what Braze holds (`subscribed`, `unsubscribed`, `unknown`; `null` when it was
 * not read). Invalid and failed lines carry `error`; duplicates repeat an earlier line's
 * identifier and are read once.
 */
export interface VerifyReportLine {
  line: number;
  id: string | null;
  type: string;
  /**
   * The group read and the state expected there: only on the lines of a job that reads back
   * several (every pair of a multi-group set report), so that its lines can be told apart.
   * `state` stays what Braze held.
   */
  group?: string;
  expected?: SubscriptionState;
  outcome: VerifyOutcome;
  state: string | null;
  error: { code: string; message: string; status?: number } | null;
}

/** The columns of a CSV report (`--report x.csv`): the keys of {@link VerifyReportLine}, `error`'s dotted. */
export const VERIFY_REPORT_COLUMNS = [
  "line",
  "id",
  "type",
  "outcome",
  "state",
  "error.code",
  "error.message",
  "error.status",
] as const;

/** {@link VERIFY_REPORT_COLUMNS} with the group and expected state, for a job of several pairs. */
export const VERIFY_PAIRS_REPORT_COLUMNS: readonly string[] = [
  ...VERIFY_REPORT_COLUMNS.slice(0, VERIFY_REPORT_COLUMNS.indexOf("type") + 1),
  "group",
  "expected",
  ...VERIFY_REPORT_COLUMNS.slice(VERIFY_REPORT_COLUMNS.indexOf("type") + 1),
];

/**
 * Compares a read outcome with the expected state. `pair` (a job of several pairs) puts the
 * group and the expected state on the line, after `type`.
 */
export function verifyLine(
  outcome: ReadOutcome,
  line: number,
  expected: SubscriptionState,
  pair?: { group: string },
): VerifyReportLine {
  const base = {
    line,
    id: outcome.id,
    type: outcome.type,
    ...(pair ? { group: pair.group, expected } : {}),
  };
  switch (outcome.outcome) {
    case "unknown":
      return { ...base, outcome: "unknown", state: "unknown", error: null };
    case "duplicate":
      return { ...base, outcome: "duplicate", state: null, error: null };
    case "invalid":
      return {
        ...base,
        outcome: "invalid",
        state: null,
        error: { code: outcome.issue.code, message: outcome.issue.message },
      };
    case "failed":
      return {
        ...base,
        outcome: "failed",
        state: null,
        error: {
          code: outcome.error.code,
          message: outcome.error.message,
          ...(outcome.error.status === undefined ? {} : { status: outcome.error.status }),
        },
      };
    default:
      // A state Braze holds (one of the spec's read states, lower-cased, but `unknown`).
      return {
        ...base,
        outcome: outcome.outcome === expected ? "matches" : "differs",
        state: outcome.outcome,
        error: null,
      };
  }
}
