import { readFile, writeFile } from "node:fs/promises";

/** The parts of a job record (`<report>.job.json`) that tests of the page's time change. */
export interface JobRecordTimes {
  job: { startedAt: string; endedAt: string };
  timeline: { startEpochMs: number; stepMs: number } & Record<string, unknown>;
}

/** Reads the job record beside `report`, lets `edit` change it, and writes it back. */
export async function editJobRecord(
  report: string,
  edit: (record: JobRecordTimes) => void,
): Promise<void> {
  const path = `${report}.job.json`;
  const record = JSON.parse(await readFile(path, "utf8")) as JobRecordTimes;
  edit(record);
  await writeFile(path, JSON.stringify(record));
}

/** Moves the job and its timeline, as if it had started at `startEpochMs`. */
export function moveJob(record: JobRecordTimes, startEpochMs: number): void {
  const by = startEpochMs - record.timeline.startEpochMs;
  const moved = (iso: string) => new Date(Date.parse(iso) + by).toISOString();
  record.timeline.startEpochMs = startEpochMs;
  record.job.startedAt = moved(record.job.startedAt);
  record.job.endedAt = moved(record.job.endedAt);
}
