import type { JobStop, OutcomeCounts } from "@braze-subscriptions/runtime";
import { formatDuration } from "../options/duration.js";
import type { GroupStopReason, StoppedGroups } from "./stopped-groups.js";

/**
 * The final counts of a `set` run, printed by `--json` exactly with these keys. The runtime's
 * counters, except that `total` also counts malformed rows and `succeeded` also counts
 * identifiers resumed from a checkpoint.
 */
export interface RunSummary extends OutcomeCounts {
  elapsedMs: number;
  /** Why the job stopped sending before the input ran out, if it did. */
  stopped?: JobStop;
  /** `--skip-unchanged`: identifiers already in the target state, not sent. */
  unchanged?: number;
}

/** Extra facts the human summary mentions. */
export interface SummaryContext {
  inputLabel: string;
  resumed: number;
  report: string | undefined;
  /** `--failed-only`: the report holds only the rows that did not succeed. */
  failedOnly?: boolean;
  checkpoint: string | undefined;
  stoppedBy: string | undefined;
  /** `code: message` of the first failure, so a refused key shows without opening the report. */
  firstFailure?: string | undefined;
  /**
   * A multi-group job's groups whose rows a repeated refusal, or the preflight read, kept back
   * (see `SetCounts`).
   */
  stoppedGroups?: StoppedGroups | undefined;
  /** A multi-group job went on after the preflight read refused some groups alone. */
  groupsRefusedFirst?: boolean;
  /** `--limit` kept rows back (named beside another stop, which shows over it). */
  limitReached?: boolean;
}

/** The summary as the one JSON object `--json` prints (keys in the documented order). */
export function summaryJson(summary: RunSummary): string {
  const {
    total,
    valid,
    invalid,
    duplicates,
    succeeded,
    failed,
    notSent,
    requests,
    retries,
    elapsedMs,
    stopped,
    unchanged,
  } = summary;
  return JSON.stringify({
    total,
    valid,
    invalid,
    duplicates,
    succeeded,
    failed,
    notSent,
    ...(unchanged === undefined ? {} : { unchanged }),
    requests,
    retries,
    elapsedMs,
    ...(stopped ? { stopped: { reason: stopped.reason, ...stopped.error } } : {}),
  });
}

/** The summary for people. */
export function summaryText(summary: RunSummary, context: SummaryContext): string {
  const n = (value: number) => value.toLocaleString("en-US").padStart(12);
  const stop = summary.stopped;
  const early = stop !== undefined && stop.reason !== "limit";
  const lines = [
    `${context.stoppedBy ? `Stopped by ${context.stoppedBy}` : early ? "Stopped early" : "Done"} in ${formatDuration(summary.elapsedMs)}: ` +
      `${summary.total.toLocaleString("en-US")} identifiers read from ${context.inputLabel}`,
    `  succeeded  ${n(summary.succeeded)}${context.resumed ? ` (${context.resumed.toLocaleString("en-US")} from the checkpoint, not resent)` : ""}`,
    `  failed     ${n(summary.failed)}${context.firstFailure ? ` (first: ${context.firstFailure})` : ""}`,
    ...(summary.notSent || stop
      ? [
          `  not sent   ${n(summary.notSent)}${stop ? ` (${stopText(stop, context.groupsRefusedFirst)}${groupsText(stop, context)}${stop.reason !== "limit" && context.limitReached ? "; --limit reached" : ""})` : ""}`,
        ]
      : []),
    ...(summary.unchanged === undefined
      ? []
      : [`  unchanged  ${n(summary.unchanged)} (already in the target state, not sent)`]),
    `  invalid    ${n(summary.invalid)}`,
    `  duplicates ${n(summary.duplicates)}`,
    `  requests   ${n(summary.requests)}${summary.retries ? ` (${summary.retries.toLocaleString("en-US")} retries)` : ""}`,
  ];
  if (context.report)
    lines.push(
      `Report: ${context.report} (${context.failedOnly ? "one line per row that did not succeed" : "one line per identifier"})`,
    );
  if (context.checkpoint) lines.push(`Checkpoint: ${context.checkpoint}`);
  if (context.stoppedBy) lines.push("Rerun the same command to resume where this run stopped.");
  else if (stop && summary.notSent > 0) lines.push(rerunHint(stop, context.checkpoint));
  return lines.join("\n");
}

function stopText(stop: JobStop, groupsRefusedFirst = false): string {
  const { error } = stop;
  if (stop.reason === "limit") return "--limit reached";
  // The job went on with its other groups: "before sending" would say nothing was sent.
  if (stop.reason === "preflight" && groupsRefusedFirst)
    return `the preflight read: ${error.message}`;
  if (stop.reason === "preflight") return `stopped before sending: ${error.message}`;
  if (stop.reason === "max_failures")
    return `stopped: ${error.message.replace(/^not sent: /, "")} (--max-failures)`;
  // The rate-limit store (Redis) refused for good: no request got an answer.
  if (error.code === "rate_limiter_unavailable") return `stopped: ${error.message}`;
  return `stopped: every request got the same answer, ${error.code}: ${error.message}`;
}

/**
 * The groups a repeated refusal (or the preflight read) stopped, for a multi-group job: a
 * group's refusal stops that group alone, so "every request got the same answer" did not say
 * whose rows were not sent.
 */
function groupsText(stop: JobStop, context: SummaryContext): string {
  const stopped = context.stoppedGroups;
  const shown: GroupStopReason | undefined =
    stop.reason === "systematic_failure" ||
    (stop.reason === "preflight" && context.groupsRefusedFirst === true)
      ? stop.reason
      : undefined;
  if (shown === undefined || stopped === undefined) return "";
  // The stop shown is the first group's: the groups another reason kept back say theirs.
  const other: GroupStopReason = shown === "preflight" ? "systematic_failure" : "preflight";
  const why = other === "preflight" ? "the preflight read" : "every request got the same answer";
  return `${namedGroups(stopped[shown], "")}${namedGroups(stopped[other], ` (${why})`)}`;
}

function namedGroups(groups: { names: string[]; more: boolean } | undefined, why: string): string {
  if (groups === undefined) return "";
  const named = groups.names.map((name) => JSON.stringify(name)).join(", ");
  return `; rows of group${groups.names.length > 1 || groups.more ? "s" : ""} ${named}${groups.more ? " and others" : ""} not sent${why}`;
}

function rerunHint(stop: JobStop, checkpoint: string | undefined): string {
  const what =
    stop.reason === "limit"
      ? "Rerun without --limit"
      : "Fix the cause, then rerun the same command";
  return checkpoint
    ? `${what} to send the rest: the checkpoint skips what succeeded.`
    : `${what} to send the rest (with --checkpoint, a rerun skips what succeeded).`;
}
