import { createReadStream } from "node:fs";
import {
  CONFLICTING_STATE,
  type SubscriptionState,
  subscriptionStates,
} from "@braze-subscriptions/runtime";
import { UsageError } from "../errors.js";
import { boundedLines } from "../files/bounded-lines.js";
import { type FileKey, fileKey } from "../files/file-key.js";
import { refuseGzippedReport } from "../files/plain-report.js";
import { checkRegularFile } from "../files/regular-file.js";
import { readJobRecord } from "../html-report/job-record-file.js";
import { type IdentifierType, isIdentifierType } from "../input/identifier-type.js";
import type { InputRecord } from "../input/input-record.js";
import { MAX_REPORT_LINE_BYTES, REPORT_OUTCOMES } from "../report/report-line.js";
import { setReportGap } from "./set-report-coverage.js";
import {
  checkSetReportOrigin,
  type ReportPair,
  type VerifiedJob,
  verifiedJobOf,
} from "./set-report-origin.js";

const SET_OUTCOMES = new Set<string>(REPORT_OUTCOMES);

/** A group and state `verify` reads back, with how many lines of the report carry them. */
export interface PlannedPair extends VerifiedJob {
  /** Lines to read back for it, when counted (a multi-group report's pairs are). */
  lines: number | undefined;
}

/** Every line of a `set` report, as records to read back, with the line of the set's input. */
export interface SetReportSource {
  label: string;
  type: IdentifierType;
  /** The report's line count: at most that many lines are read back (the progress's total). */
  estimatedTotal: number;
  /** The report as a file on disk, so that no output of `verify` overwrites it. */
  key: FileKey;
  /**
   * Why the report may not hold a line for every row of the set job's input (an interrupted
   * run, no job record beside it), or `undefined` when its job record shows it complete.
   */
  gap: string | undefined;
  /**
   * The groups and states read back, one after another: one (the flags', or the set job's
   * own, see `verifiedJobOf`), or every pair of a multi-group report when neither flag is
   * given (`each`).
   */
  pairs: PlannedPair[];
  /** Whether `pairs` are every pair of a multi-group report (its verify lines then name theirs). */
  each: boolean;
  /** The lines of one of `pairs`, read from the report anew (memory stays that of one line). */
  recordsOf(pair: VerifiedJob): AsyncIterable<InputRecord>;
}

/**
 * Opens a `set` report (NDJSON, one line per input line) for `verify --from-report`: yields
 * the identifiers the set job meant to set, keeping the set input's line numbers: the
 * `succeeded` lines and also those that did not succeed (`failed`, `not_sent`; `unchanged`),
 * since whether their state landed is what the reader wants to know (skipping them let a job
 * with failures verify clean). `invalid` lines (never sendable) and `duplicate` lines (their
 * identifier is read on its first line) are not read back, except a multi-group job's
 * `conflicting_state` lines: a valid identifier whose state the job refused to send because an
 * earlier row set the other one, so its state did not land (it reads back `differs`). A set job reads one identifier
 * type, so the first such line's type is the job's; a line that is not JSON is a usage
 * error naming it. The lines of a multi-group job carry their group and state: a read checks
 * one group, so they are read back pair by pair (`recordsOf`). The report is read a few
 * times (counted by outcome, its pairs listed, its first line found, then once per pair read
 * back), never held in memory, so it must be a regular file: a directory, a device or a pipe
 * is a usage error before anything is read.
 *
 * Without `--group` and `--state`, the set job's own are read back: a one-group job's (its
 * record names them), or every pair of a multi-group job's lines (`each`). With one of them,
 * the one pair that fits (see `verifiedJobOf`).
 * Only a set run's report of `job`'s group and state is read: the report of another run (a
 * verify report) or of a one-group job on another group or state is a usage error before
 * anything is read (see {@link checkSetReportOrigin}); so is a line whose outcome no set
 * report has.
 */
export async function openSetReport(
  path: string,
  given: { subscriptionGroupId: string | undefined; state: SubscriptionState | undefined },
): Promise<SetReportSource> {
  await checkRegularFile(path, `report ${path}`);
  await refuseGzippedReport(path);
  const record = await readJobRecord(path);
  // Its kind first: a verify report is then named by its record, not by its first line.
  checkSetReportOrigin(path, record, given, false);
  // A one-group job's lines carry no group: its record's group and state are theirs.
  const any = await firstLine(path, () => true);
  // No line to read back: said first, as a report without lines cannot tell a multi-group
  // job's from a one-group job's (it was taken for the latter, whose --state was "missing").
  if (any === undefined) throw noLineToVerify(path, record, await countOutcomes(path));
  const oneGroup = any.group === undefined;
  const complete = given.subscriptionGroupId !== undefined && given.state !== undefined;
  const pairs = oneGroup || complete ? undefined : await pairsOf(path);
  // Neither flag, several pairs: the whole job is read back, pair after pair.
  const each =
    pairs !== undefined &&
    pairs.length > 1 &&
    given.subscriptionGroupId === undefined &&
    given.state === undefined;
  const planned: PlannedPair[] = each
    ? pairs.map((pair) => ({ ...verifiedPair(path, pair), lines: pair.lines }))
    : [
        {
          ...verifiedJobOf(path, record, given, oneGroup ? undefined : (pairs ?? [])),
          lines: undefined,
        },
      ];
  const ours = (job: VerifiedJob) => (entry: SetReportEntry) =>
    (entry.group === undefined || entry.group === job.subscriptionGroupId) &&
    (entry.state === undefined || entry.state === job.state);
  const only = planned[0] as PlannedPair;
  // Counted first: every line is checked to be a set report's before any is read back.
  const counted = await countOutcomes(path);
  const first = await firstLine(path, each ? () => true : ours(only));
  if (first === undefined) throw noLineToVerify(path, record, counted);
  if (!each) checkSetReportOrigin(path, record, only, oneGroup);
  return {
    label: path,
    type: first.type,
    estimatedTotal: Object.values(counted).reduce((sum, n) => sum + n, 0),
    key: await fileKey(path),
    gap: setReportGap(path, record, counted),
    pairs: planned,
    each,
    recordsOf: (pair) => jobLines(path, first.type, ours(pair)),
  };
}

/**
 * The refusal of a report with no line to read back (of the pair asked for); a --failed-only
 * report of a run where every row succeeded has none, and its gap says so.
 */
function noLineToVerify(
  path: string,
  record: Awaited<ReturnType<typeof readJobRecord>>,
  counted: Record<string, number>,
): UsageError {
  const gap = setReportGap(path, record, counted);
  return new UsageError(
    `${path}: the report has no line to verify${gap === undefined ? "" : `, and ${gap}`}`,
  );
}

/**
 * A multi-group report's pair as `verify` reads it back. Its state is one a set job sends (the
 * lines read back were valid rows); anything else is not a set report's line.
 */
function verifiedPair(path: string, pair: ReportPair): VerifiedJob {
  const state = subscriptionStates.find((known) => known === pair.state);
  if (state === undefined)
    throw new UsageError(
      `${path}: lines with state ${JSON.stringify(pair.state)} (group ${pair.group}), which no set job sends: not a set report's lines`,
    );
  return { subscriptionGroupId: pair.group, state };
}

interface SetReportEntry {
  line: number;
  /** Where it is in the report (1-based), for messages. */
  at: number;
  /** `null` for a row the set's CSV parser could not read. */
  id: string | null;
  type: IdentifierType;
  outcome: string;
  /** A multi-group job's line: the row's group and state. */
  group?: string;
  state?: string;
  /** The code of the line's error, if any (`conflicting_state`, a validator's code …). */
  code?: string;
}

async function firstLine(
  path: string,
  ours: (entry: SetReportEntry) => boolean,
): Promise<SetReportEntry | undefined> {
  for await (const entry of parse(path)) if (readBack(entry) && ours(entry)) return entry;
  return undefined;
}

/**
 * Report lines per outcome, as the job record counts them. A set job reads one identifier
 * type, so a line of another type than the first line's is not this job's (reports pasted
 * together): a usage error naming it, since reading back one type would leave it without an
 * outcome.
 */
async function countOutcomes(path: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let type: IdentifierType | undefined;
  for await (const entry of parse(path)) {
    type ??= entry.type;
    if (entry.type !== type)
      throw new UsageError(
        `${path}:${entry.at}: a line of type ${entry.type} among lines of type ${type}: a set job reads one identifier type, so this is not one set job's report; verify each job's report on its own`,
      );
    counts[entry.outcome] = (counts[entry.outcome] ?? 0) + 1;
  }
  return counts;
}

/**
 * The groups and states a multi-group report's lines to read back carry, in first-seen order.
 * A line to read back without both is not a multi-group job's (reports pasted together):
 * a usage error naming it, since no pair would read it back.
 */
async function pairsOf(path: string): Promise<ReportPair[]> {
  const pairs = new Map<string, ReportPair>();
  for await (const entry of parse(path)) {
    if (!readBack(entry)) continue;
    if (entry.group === undefined || entry.state === undefined)
      throw new UsageError(
        `${path}:${entry.at}: a line without a group or state among the lines of a job whose rows carry their own: not one set job's report; verify each job's report on its own`,
      );
    const key = `${entry.group}\u0000${entry.state}`;
    const pair = pairs.get(key) ?? { group: entry.group, state: entry.state, lines: 0 };
    pair.lines++;
    pairs.set(key, pair);
  }
  return [...pairs.values()];
}

async function* jobLines(
  path: string,
  type: IdentifierType,
  ours: (entry: SetReportEntry) => boolean,
): AsyncGenerator<InputRecord> {
  for await (const entry of parse(path))
    if (entry.type === type && readBack(entry) && ours(entry))
      yield { kind: "identifier", id: entry.id, line: entry.line };
}

/**
 * Whether a line's identifier is one the set job meant to set (not invalid nor a repeat). A
 * row refused as `conflicting_state` is valid and meant: its state did not land, which is
 * what a read back must show (skipping it let a job whose opt-out was refused verify clean).
 */
function readBack(entry: SetReportEntry): entry is SetReportEntry & { id: string } {
  if (entry.id === null || entry.outcome === "duplicate") return false;
  return entry.outcome !== "invalid" || entry.code === CONFLICTING_STATE;
}

async function* parse(path: string): AsyncGenerator<SetReportEntry> {
  const stream = createReadStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new UsageError(`${path}: cannot read the report (${(error as Error).message})`);
  }
  for await (const read of boundedLines(stream, MAX_REPORT_LINE_BYTES)) {
    const number = read.number;
    // Leaving the loop closes the stream: the rest of a line past the bound is not read.
    if ("tooLong" in read)
      throw new UsageError(
        `${path}:${number}: not a report line (longer than ${MAX_REPORT_LINE_BYTES} bytes)`,
      );
    const text = read.text;
    if (text.trim() === "") continue;
    let entry: {
      line?: unknown;
      id?: unknown;
      type?: unknown;
      outcome?: unknown;
      group?: unknown;
      state?: unknown;
      error?: { code?: unknown } | null;
    };
    try {
      entry = JSON.parse(text);
    } catch {
      throw new UsageError(`${path}:${number}: not a report line (not JSON)`);
    }
    if (typeof entry.outcome !== "string" || !isIdentifierType(entry.type)) continue;
    if (!SET_OUTCOMES.has(entry.outcome))
      throw new UsageError(
        `${path}:${number}: outcome ${JSON.stringify(entry.outcome)} is not a set report's (a verify report?): --from-report reads back the report of a set run`,
      );
    if (typeof entry.id !== "string" && entry.id !== null) continue;
    yield {
      line: typeof entry.line === "number" ? entry.line : number,
      at: number,
      id: entry.id,
      type: entry.type as IdentifierType,
      outcome: entry.outcome,
      ...(typeof entry.group === "string" ? { group: entry.group } : {}),
      ...(typeof entry.state === "string" ? { state: entry.state } : {}),
      ...(typeof entry.error?.code === "string" ? { code: entry.error.code } : {}),
    };
  }
}
