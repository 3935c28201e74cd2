import type { Outcome } from "@braze-subscriptions/runtime";
import type { ReportLine } from "../report/report-line.js";

/**
 * Turns a runtime outcome into the report line of input line `line`; `target` is the group
 * and state of a multi-group job's row.
 */
export function outcomeToReportLine(
  outcome: Outcome,
  line: number,
  target?: { group: string; state: string },
): ReportLine {
  const base = { line, id: outcome.id, type: outcome.type, ...target };
  switch (outcome.outcome) {
    case "succeeded":
      return {
        ...base,
        outcome: "succeeded",
        error: null,
        ...(outcome.skipped ? { resumed: true as const } : {}),
      };
    case "duplicate":
      return { ...base, outcome: "duplicate", error: null };
    case "invalid":
      return {
        ...base,
        outcome: "invalid",
        error: { code: outcome.issue.code, message: outcome.issue.message },
      };
    case "not_sent":
      return {
        ...base,
        outcome: "not_sent",
        error: {
          code: outcome.error.code,
          message: outcome.error.message,
          ...(outcome.error.status === undefined ? {} : { status: outcome.error.status }),
        },
        reason: outcome.reason,
      };
    case "failed":
      return {
        ...base,
        outcome: "failed",
        error: {
          code: outcome.error.code,
          message: outcome.error.message,
          ...(outcome.error.status === undefined ? {} : { status: outcome.error.status }),
        },
      };
  }
}
