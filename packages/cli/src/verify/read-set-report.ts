import { createReadStream } from "node:fs";
import { UsageError } from "../errors.js";
import { boundedLines } from "../files/bounded-lines.js";
import { type FileKey, fileKey } from "../files/file-key.js";
import { checkRegularFile } from "../files/regular-file.js";
import { countLines } from "../input/count-lines.js";
import { type IdentifierType, isIdentifierType } from "../input/identifier-type.js";
import type { InputRecord } from "../input/input-record.js";
import { MAX_REPORT_LINE_BYTES } from "../report/report-line.js";

/** The identifiers a `set` report says succeeded, with the line of the set's input. */
export interface SetReportSource {
  label: string;
  type: IdentifierType;
  records: AsyncIterable<InputRecord>;
  /** The report's line count: at most that many lines succeeded (presizes de-duplication). */
  estimatedTotal: number;
  /** The report as a file on disk, so that no output of `verify` overwrites it. */
  key: FileKey;
}

/**
 * Opens a `set` report (NDJSON, one line per input line) for `verify --from-report`: yields
 * the `succeeded` lines, keeping the set input's line numbers. A set job reads one identifier
 * type, so the first succeeded line's type is the job's; a line that is not JSON is a usage
 * error naming it. The lines of a multi-group job carry their group and state: only those of
 * `job`'s group and state are read back (a read checks one group). The report is read three
 * times (counted, its first line found, then read back), so it must be a regular file: a
 * directory, a device or a pipe is a usage error before anything is read.
 */
export async function openSetReport(
  path: string,
  job: { subscriptionGroupId: string; state: string },
): Promise<SetReportSource> {
  await checkRegularFile(path, `report ${path}`);
  const ours = (entry: SucceededLine) =>
    (entry.group === undefined || entry.group === job.subscriptionGroupId) &&
    (entry.state === undefined || entry.state === job.state);
  const first = await firstSucceeded(path, ours);
  if (first === undefined)
    throw new UsageError(`${path}: the report has no succeeded line to verify`);
  return {
    label: path,
    type: first.type,
    records: succeededLines(path, first.type, ours),
    estimatedTotal: await countLines(createReadStream(path)),
    key: await fileKey(path),
  };
}

interface SucceededLine {
  line: number;
  id: string;
  type: IdentifierType;
  /** A multi-group job's line: the row's group and state. */
  group?: string;
  state?: string;
}

async function firstSucceeded(
  path: string,
  ours: (entry: SucceededLine) => boolean,
): Promise<SucceededLine | undefined> {
  for await (const entry of parse(path)) if (ours(entry)) return entry;
  return undefined;
}

async function* succeededLines(
  path: string,
  type: IdentifierType,
  ours: (entry: SucceededLine) => boolean,
): AsyncGenerator<InputRecord> {
  for await (const entry of parse(path))
    if (entry.type === type && ours(entry))
      yield { kind: "identifier", id: entry.id, line: entry.line };
}

async function* parse(path: string): AsyncGenerator<SucceededLine> {
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
    };
    try {
      entry = JSON.parse(text);
    } catch {
      throw new UsageError(`${path}:${number}: not a report line (not JSON)`);
    }
    if (entry.outcome !== "succeeded") continue;
    if (typeof entry.id !== "string" || !isIdentifierType(entry.type)) continue;
    yield {
      line: typeof entry.line === "number" ? entry.line : number,
      id: entry.id,
      type: entry.type as IdentifierType,
      ...(typeof entry.group === "string" ? { group: entry.group } : {}),
      ...(typeof entry.state === "string" ? { state: entry.state } : {}),
    };
  }
}
