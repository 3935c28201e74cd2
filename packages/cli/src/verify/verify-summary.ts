import { likelyCauseOf, refusesGroupAlone } from "@braze-subscriptions/runtime";
import { STATUS_READ_PERMISSION, settingsRefusalCause } from "../commands/settings-refusal.js";
import { formatDuration } from "../options/duration.js";
import type { StopSignal } from "../stop-signals.js";
import type { PlannedPair } from "./read-set-report.js";
import type { VerifyReportLine } from "./verify-line.js";

/** The counts `verify --json` prints, with these keys. */
export interface VerifySummary {
  total: number;
  matches: number;
  differs: number;
  unknown: number;
  invalid: number;
  failed: number;
  /** Lines repeating an earlier line's identifier (read once, not counted as mismatches). */
  duplicates: number;
  requests: number;
  elapsedMs: number;
}

/** One group and state of a job that reads back several, and what its lines came to. */
export interface PairTally {
  pair: PlannedPair;
  counts: VerifySummary;
}

/** Counts at zero. */
export function emptySummary(): VerifySummary {
  return {
    total: 0,
    matches: 0,
    differs: 0,
    unknown: 0,
    invalid: 0,
    failed: 0,
    duplicates: 0,
    requests: 0,
    elapsedMs: 0,
  };
}

/** Counts one final report line. */
export function countLine(counts: VerifySummary, line: VerifyReportLine): void {
  counts.total++;
  if (line.outcome === "matches") counts.matches++;
  else if (line.outcome === "duplicate") counts.duplicates++;
  else counts[line.outcome]++;
}

/** Lines of a pair that got no outcome: the run stopped before it read them. */
function notRead({ pair, counts }: PairTally): number {
  return Math.max(0, (pair.lines ?? counts.total) - counts.total);
}

/** Lines that did not match (duplicates aside). */
export function mismatched(counts: VerifySummary): number {
  return counts.differs + counts.unknown + counts.invalid + counts.failed;
}

/** What a progress line says of a verify job's lines so far. */
export function progressCounts(summary: VerifySummary, settling: number): string {
  const { matches, differs, unknown, failed, requests } = summary;
  const waiting = settling > 0 ? `, ${settling} settling` : "";
  return `${matches} match, ${differs} differ, ${unknown} unknown, ${failed} failed${waiting}, ${requests} reads`;
}

/**
 * `verify --json`'s object. A job of several pairs adds `pairs`, one entry per group and
 * state in the report's order: its `lines` to read back, their counts, and `notRead` (lines
 * a stopped run never read: not verified).
 */
export function summaryJson(summary: VerifySummary, pairs: readonly PairTally[] | undefined) {
  const { total, matches, differs, unknown, invalid, failed, duplicates, requests, elapsedMs } =
    summary;
  return JSON.stringify({
    total,
    matches,
    differs,
    unknown,
    invalid,
    failed,
    duplicates,
    requests,
    elapsedMs,
    ...(pairs === undefined
      ? {}
      : {
          pairs: pairs.map((tally) => ({
            group: tally.pair.subscriptionGroupId,
            state: tally.pair.state,
            lines: tally.pair.lines ?? tally.counts.total,
            matches: tally.counts.matches,
            differs: tally.counts.differs,
            unknown: tally.counts.unknown,
            invalid: tally.counts.invalid,
            failed: tally.counts.failed,
            duplicates: tally.counts.duplicates,
            requests: tally.counts.requests,
            notRead: notRead(tally),
          })),
        }),
  });
}

/** At most this many pairs get a line of the text summary (`--json` has them all). */
const PAIRS_SHOWN = 10;

/**
 * The summary for people. `pairs` (a job of several pairs) adds a line per pair, those that
 * did not all match first, and names the lines a stopped run did not read, per pair.
 */
export function summaryText(
  summary: VerifySummary,
  label: string,
  options: {
    settleMs: number;
    report: string | undefined;
    subscriptionGroupId: string;
    state: string;
    /** The first failed line's error: the summary names it (the others' likely reason too). */
    firstFailure?: VerifyReportLine["error"] | undefined;
  },
  stoppedBy: StopSignal | undefined,
  pairs: readonly PairTally[] | undefined,
): string {
  const all = summary.total - summary.duplicates;
  const where =
    pairs === undefined
      ? `${options.state} in group ${options.subscriptionGroupId}`
      : "in the state its row set in its group";
  const unread = (pairs ?? []).filter((tally) => notRead(tally) > 0);
  const unreadText =
    unread.length === 0
      ? ""
      : `: ${unread
          .slice(0, PAIRS_SHOWN)
          .map(
            (tally) =>
              `${notRead(tally)} of ${tally.pair.lines} lines of group ${tally.pair.subscriptionGroupId}, ${tally.pair.state}`,
          )
          .join(
            "; ",
          )}${unread.length > PAIRS_SHOWN ? `; and ${unread.length - PAIRS_SHOWN} more pairs (see --json)` : ""}`;
  const verdict =
    stoppedBy !== undefined
      ? `stopped by ${stoppedBy}: ${all} lines of ${label} read, ${all - summary.matches} of them not ${where}; lines not read were not verified (rerun to verify them)${unreadText}`
      : summary.matches === all
        ? `every line of ${label} is ${where}${pairs ? ` (${pairs.length} groups and states)` : ""}`
        : mismatchVerdict(summary, label, where, options.firstFailure);
  return [
    `verify: ${verdict}`,
    `  matches ${summary.matches}, differs ${summary.differs}, unknown ${summary.unknown}, invalid ${summary.invalid}, failed ${summary.failed}, duplicates ${summary.duplicates}`,
    ...pairLines(pairs ?? []),
    `  ${summary.requests} reads in ${formatDuration(summary.elapsedMs)}${options.settleMs > 0 ? ` (settling up to ${formatDuration(options.settleMs)})` : ""}${options.report ? `; report: ${options.report}` : ""}`,
  ].join("\n");
}

/**
 * What did not match, told apart: lines whose state Braze gave and is not the one expected,
 * and lines that could not be read (a read refused or failed after its retries), which say
 * nothing of the state: "2 of 2 lines are not unsubscribed" for two reads that failed read as
 * opt-outs missing.
 */
function mismatchVerdict(
  summary: VerifySummary,
  label: string,
  where: string,
  firstFailure: VerifyReportLine["error"] | undefined,
): string {
  const all = summary.total - summary.duplicates;
  const unread = summary.failed;
  const wrong = all - summary.matches - unread;
  const parts: string[] = [];
  if (wrong > 0) {
    // Invalid lines were never sendable: said apart, they read as states that did not land.
    const invalid = summary.invalid > 0 ? ` (${summary.invalid} of them invalid: not read)` : "";
    parts.push(`${wrong} of ${all} lines of ${label} are not ${where}${invalid}`);
  }
  if (unread > 0) {
    const status = firstFailure?.status;
    const reason =
      firstFailure == null
        ? ""
        : ` (${status === undefined ? "" : `HTTP ${status}: `}${firstFailure.message})`;
    // A refused key, permission or URL does not pass by rerunning (with over 100 invalid lines
    // first, the check of the settings before the reads finds no identifier to read), nor does
    // a group Braze refuses (the lines of a set job's group its preflight refused).
    const cause =
      status === undefined
        ? undefined
        : (settingsRefusalCause(status, STATUS_READ_PERMISSION) ??
          (refusesGroupAlone(status) ? likelyCauseOf(status) : undefined));
    const which = wrong > 0 ? `${unread} more` : `${unread} of ${all} lines of ${label}`;
    parts.push(
      `${which} could not be read${reason}: ${cause === undefined ? "rerun to verify them" : `${cause}; fix it, then rerun`}`,
    );
  }
  return parts.join("; ");
}

/** A line per pair, the ones to look at first (a stable sort keeps the report's order). */
function pairLines(pairs: readonly PairTally[]): string[] {
  const clean = (tally: PairTally) => mismatched(tally.counts) === 0 && notRead(tally) === 0;
  const ordered = [...pairs].sort((a, b) => Number(clean(a)) - Number(clean(b)));
  const lines = ordered.slice(0, PAIRS_SHOWN).map(({ pair, counts }) => {
    const missing = notRead({ pair, counts });
    return `  group ${pair.subscriptionGroupId}, ${pair.state}: ${pair.lines} lines, matches ${counts.matches}, differs ${counts.differs}, unknown ${counts.unknown}, failed ${counts.failed}${missing > 0 ? `, not read ${missing}` : ""}`;
  });
  const rest = ordered.slice(PAIRS_SHOWN);
  if (rest.length > 0)
    lines.push(
      `  and ${rest.length} more pairs${rest.every(clean) ? ", every line matching" : ""} (see --json)`,
    );
  return lines;
}
