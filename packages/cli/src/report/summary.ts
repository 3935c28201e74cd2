import type { OutcomeCounts } from "@braze-subscriptions/runtime";
import { formatDuration } from "../options/duration.js";

/**
 * The final counts of a `set` run, printed by `--json` exactly with these keys. The runtime's
 * counters, except that `total` also counts malformed rows and `succeeded` also counts
 * identifiers resumed from a checkpoint.
 */
export interface RunSummary extends OutcomeCounts {
  elapsedMs: number;
}

/** Extra facts the human summary mentions. */
export interface SummaryContext {
  inputLabel: string;
  resumed: number;
  report: string | undefined;
  checkpoint: string | undefined;
  stoppedBy: string | undefined;
  /** `code: message` of the first failure, so a refused key shows without opening the report. */
  firstFailure?: string | undefined;
}

/** The summary as the one JSON object `--json` prints (keys in the documented order). */
export function summaryJson(summary: RunSummary): string {
  const { total, valid, invalid, duplicates, succeeded, failed, requests, retries, elapsedMs } =
    summary;
  return JSON.stringify({
    total,
    valid,
    invalid,
    duplicates,
    succeeded,
    failed,
    requests,
    retries,
    elapsedMs,
  });
}

/** The summary for people. */
export function summaryText(summary: RunSummary, context: SummaryContext): string {
  const n = (value: number) => value.toLocaleString("en-US").padStart(12);
  const lines = [
    `${context.stoppedBy ? `Stopped by ${context.stoppedBy}` : "Done"} in ${formatDuration(summary.elapsedMs)}: ` +
      `${summary.total.toLocaleString("en-US")} identifiers read from ${context.inputLabel}`,
    `  succeeded  ${n(summary.succeeded)}${context.resumed ? ` (${context.resumed.toLocaleString("en-US")} from the checkpoint, not resent)` : ""}`,
    `  failed     ${n(summary.failed)}${context.firstFailure ? ` (first: ${context.firstFailure})` : ""}`,
    `  invalid    ${n(summary.invalid)}`,
    `  duplicates ${n(summary.duplicates)}`,
    `  requests   ${n(summary.requests)}${summary.retries ? ` (${summary.retries.toLocaleString("en-US")} retries)` : ""}`,
  ];
  if (context.report) lines.push(`Report: ${context.report} (one line per identifier)`);
  if (context.checkpoint) lines.push(`Checkpoint: ${context.checkpoint}`);
  if (context.stoppedBy) lines.push("Rerun the same command to resume where this run stopped.");
  return lines.join("\n");
}
