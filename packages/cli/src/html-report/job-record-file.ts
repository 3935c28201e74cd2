import { readFile, rename, rm } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { type NamedFile, sameFileMessage } from "../files/distinct-files.js";
import { fileKey } from "../files/file-key.js";
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
  timeline: TimelineData | null;
}

const FORMAT = "braze-subscriptions-job";

/** The record's path for a report. */
export function jobRecordPath(reportPath: string): string {
  return `${reportPath}.job.json`;
}

/** What the record is called in messages. */
const FLAG = "the job record of --report";

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
    await handle.writeFile(`${JSON.stringify(full)}\n`);
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

async function assertNotProtected(
  path: string,
  protect: ReadonlyArray<NamedFile | undefined>,
): Promise<void> {
  const key = await fileKey(path);
  const same = protect.find((file) => file?.key.id === key.id);
  if (same !== undefined) throw new UsageError(sameFileMessage({ flag: FLAG, given: path }, same));
}

/** Reads the record beside a report; `undefined` when there is none or it is not one. */
export async function readJobRecord(reportPath: string): Promise<JobRecord | undefined> {
  let text: string;
  try {
    text = await readFile(jobRecordPath(reportPath), "utf8");
  } catch {
    return undefined;
  }
  try {
    const record = JSON.parse(text) as Partial<JobRecord>;
    return record.format === FORMAT && record.version === 1 && record.job
      ? (record as JobRecord)
      : undefined;
  } catch {
    return undefined;
  }
}
