import { readFile, rename, rm, writeFile } from "node:fs/promises";
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

/**
 * Removes a record left by an earlier run: the report is rewritten by this run, and a run
 * that dies before its end must not leave another run's record beside it.
 */
export async function removeJobRecord(reportPath: string): Promise<void> {
  await rm(jobRecordPath(reportPath), { force: true });
}

/** Writes the record atomically (temp file + rename): a reader never sees half of it. */
export async function writeJobRecord(
  reportPath: string,
  record: Omit<JobRecord, "format" | "version">,
): Promise<void> {
  const path = jobRecordPath(reportPath);
  const temp = `${path}.${process.pid}.tmp`;
  const full: JobRecord = { format: FORMAT, version: 1, ...record };
  await writeFile(temp, `${JSON.stringify(full)}\n`);
  await rename(temp, path);
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
