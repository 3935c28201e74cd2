import { createReadStream } from "node:fs";
import { UsageError } from "../errors.js";
import { boundedLines } from "../files/bounded-lines.js";
import { type FileKey, fileKey } from "../files/file-key.js";
import { checkRegularFile } from "../files/regular-file.js";
import { type IdentifierType, isIdentifierType } from "../input/identifier-type.js";
import type { InputRecord } from "../input/input-record.js";
import { MAX_REPORT_LINE_BYTES } from "../report/report-line.js";
import { setReportGap } from "./set-report-coverage.js";

/** Every line of a `set` report, as records to read back, with the line of the set's input. */
export interface SetReportSource {
  label: string;
  type: IdentifierType;
  records: AsyncIterable<InputRecord>;
  /** The report's line count: at most that many lines are read back (presizes de-duplication). */
  estimatedTotal: number;
  /** The report as a file on disk, so that no output of `verify` overwrites it. */
  key: FileKey;
  /**
   * Why the report may not hold a line for every row of the set job's input (an interrupted
   * run, no job record beside it), or `undefined` when its job record shows it complete.
   */
  gap: string | undefined;
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
 * error naming it. The lines of a multi-group job carry their group and state: only those of
 * `job`'s group and state are read back (a read checks one group). The report is read three
 * times (counted by outcome, its first line found, then read back), so it must be a regular
 * file: a directory, a device or a pipe is a usage error before anything is read.
 */
export async function openSetReport(
  path: string,
  job: { subscriptionGroupId: string; state: string },
): Promise<SetReportSource> {
  await checkRegularFile(path, `report ${path}`);
  const ours = (entry: SetReportEntry) =>
    (entry.group === undefined || entry.group === job.subscriptionGroupId) &&
    (entry.state === undefined || entry.state === job.state);
  const first = await firstLine(path, ours);
  if (first === undefined) throw new UsageError(`${path}: the report has no line to verify`);
  const counted = await countOutcomes(path);
  return {
    label: path,
    type: first.type,
    records: jobLines(path, first.type, ours),
    estimatedTotal: Object.values(counted).reduce((sum, n) => sum + n, 0),
    key: await fileKey(path),
    gap: await setReportGap(path, counted),
  };
}

interface SetReportEntry {
  line: number;
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

/** Report lines per outcome, as the job record counts them. */
async function countOutcomes(path: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for await (const entry of parse(path)) counts[entry.outcome] = (counts[entry.outcome] ?? 0) + 1;
  return counts;
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

/** The code of a multi-group row that reverses an earlier row's state (the runtime's). */
const CONFLICTING_STATE = "conflicting_state";

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
    if (typeof entry.id !== "string" && entry.id !== null) continue;
    yield {
      line: typeof entry.line === "number" ? entry.line : number,
      id: entry.id,
      type: entry.type as IdentifierType,
      outcome: entry.outcome,
      ...(typeof entry.group === "string" ? { group: entry.group } : {}),
      ...(typeof entry.state === "string" ? { state: entry.state } : {}),
      ...(typeof entry.error?.code === "string" ? { code: entry.error.code } : {}),
    };
  }
}
