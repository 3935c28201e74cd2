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

/**
 * Makes the job `seconds` long, one request a second with a 20 ms answer, as if it had run
 * that long: a job of seconds has nothing to zoom into.
 */
export function stretchJob(record: JobRecordTimes, seconds: number): void {
  const column = (value: number | null) => Array.from({ length: seconds }, () => value);
  record.timeline = {
    ...record.timeline,
    requests: column(1),
    budgeted: column(1),
    serverUsed: column(null),
    serverLimit: null,
    ...Object.fromEntries(["throttled", "retries", "pauses", "pauseMs"].map((k) => [k, column(0)])),
    ...Object.fromEntries(["p50", "p95", "p99"].map((k) => [k, column(20)])),
  };
  record.job.startedAt = new Date(record.timeline.startEpochMs).toISOString();
  record.job.endedAt = new Date(
    record.timeline.startEpochMs + seconds * record.timeline.stepMs,
  ).toISOString();
}
