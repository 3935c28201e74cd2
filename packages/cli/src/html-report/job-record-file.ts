import { constants } from "node:fs";
import { open, rename, rm } from "node:fs/promises";
import { OutputError, UsageError } from "../errors.js";
import { type NamedFile, sameFileMessage } from "../files/distinct-files.js";
import { fileKey } from "../files/file-key.js";
import { describeFsError } from "../files/fs-error.js";
import { openOutput } from "../files/open-output.js";
import type { JobDescription, TimelineData } from "./job-page-data.js";

/**
 * What a run saves beside its NDJSON report, as `<report>.job.json`, so that
 * `braze-subscriptions report <report> --html <page>` can show the job and its timeline later.
 * The report itself stays one line per identifier: a trailing record would break every tool
 * that counts or filters its lines.
 */
export interface JobRecord {
  format: typeof FORMAT;
  version: 1;
  job: JobDescription;
  /** Report lines per outcome, to recognise a record of another run's report. */
  reportLines: Record<string, number>;
  /** Counts of outcomes that have no report line (a dry run's `not_sent`). */
  unreported: Record<string, number>;
  /**
   * Succeeded rows an earlier run did that have no report line (`--failed-only`); those with
   * one are counted from the report. Absent from records of earlier versions: 0.
   */
  unreportedResumed?: number;
  timeline: TimelineData | null;
}

const FORMAT = "braze-subscriptions-job";

/** The record's path for a report. */
export function jobRecordPath(reportPath: string): string {
  return `${reportPath}.job.json`;
}

/** What the record beside the file given by `flag` is called in messages. */
export function jobRecordFlag(flag: string): string {
  return `the job record of ${flag}`;
}

const FLAG = jobRecordFlag("--report");

/**
 * Removes a record left by an earlier run: the report is rewritten by this run, and a run
 * that dies before its end must not leave another run's record beside it. Refuses (usage
 * error) when the record's path is one of `protect` (the input named `<report>.job.json`).
 */
export async function removeJobRecord(
  reportPath: string,
  protect: ReadonlyArray<NamedFile | undefined>,
): Promise<void> {
  const path = jobRecordPath(reportPath);
  await assertNotProtected(path, protect);
  await rm(path, { force: true });
}

/**
 * Writes the record atomically (temp file + rename): a reader never sees half of it. The
 * temp file goes through {@link openOutput} (a link planted at its name cannot redirect the
 * write onto the input), and the record's own path is checked against `protect` first.
 */
export async function writeJobRecord(
  reportPath: string,
  record: Omit<JobRecord, "format" | "version">,
  protect: ReadonlyArray<NamedFile | undefined>,
): Promise<void> {
  const path = jobRecordPath(reportPath);
  await assertNotProtected(path, protect);
  const temp = `${path}.${process.pid}.tmp`;
  const full: JobRecord = { format: FORMAT, version: 1, ...record };
  const handle = await openOutput(temp, FLAG, protect);
  try {
    try {
      await handle.write(`${JSON.stringify(full)}\n`);
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    // A full disk: no half-written temporary file is left beside the report.
    await rm(temp, { force: true });
    throw new OutputError(`cannot write ${path}: ${describeFsError(error)}`, path, {
      cause: error,
    });
  }
}

async function assertNotProtected(
  path: string,
  protect: ReadonlyArray<NamedFile | undefined>,
): Promise<void> {
  const key = await fileKey(path);
  const same = protect.find((file) => file?.key.id === key.id);
  if (same !== undefined) throw new UsageError(sameFileMessage({ flag: FLAG, given: path }, same));
}

/**
 * The most of a record read: its timeline grows with the job's duration (10 numbers a second,
 * a few MB a day); a file far bigger is not a record, and is not read into one string.
 */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

/**
 * The record beside a report: `undefined` when there is none, `{ unusable }` (why) when a file
 * is there but is not a record this version wrote (another file written over it, a device, a
 * torn write), so the caller can say so rather than silently show no job.
 */
export async function readJobRecord(
  reportPath: string,
): Promise<JobRecord | { unusable: string } | undefined> {
  let text: string;
  try {
    // Non-blocking: a FIFO at the record's path must not wait for a writer.
    const handle = await open(jobRecordPath(reportPath), constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const info = await handle.stat();
      // Checked on the open file: a directory or a device is never read.
      if (!info.isFile()) return { unusable: "it is not a regular file" };
      if (info.size > MAX_RECORD_BYTES)
        return { unusable: `it is larger than ${MAX_RECORD_BYTES} bytes` };
      text = await handle.readFile("utf8");
    } finally {
      await handle.close();
    }
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    return { unusable: `it cannot be read (${describeFsError(error)})` };
  }
  try {
    const record = JSON.parse(text) as Partial<JobRecord>;
    if (record.format === FORMAT && record.version === 1 && record.job) return record as JobRecord;
  } catch {}
  return { unusable: "it is not a job record (overwritten by another file?)" };
}
