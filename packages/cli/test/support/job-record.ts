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
 * Makes the job `seconds` long, as if it had run that long (a job of seconds has nothing to
 * zoom into): `requestsAt(second)` requests each second (one by default), each second with
 * requests answered in 20 ms.
 */
export function stretchJob(
  record: JobRecordTimes,
  seconds: number,
  requestsAt: (second: number) => number = () => 1,
): void {
  const column = (value: (second: number) => number | null) =>
    Array.from({ length: seconds }, (_, second) => value(second));
  const requests = column(requestsAt);
  record.timeline = {
    ...record.timeline,
    requests,
    budgeted: requests,
    serverUsed: column(() => null),
    serverLimit: null,
    ...Object.fromEntries(
      ["throttled", "retries", "pauses", "pauseMs"].map((k) => [k, column(() => 0)]),
    ),
    ...Object.fromEntries(
      ["p50", "p95", "p99"].map((k) => [
        k,
        column((second) => (requestsAt(second) > 0 ? 20 : null)),
      ]),
    ),
  };
  record.job.startedAt = new Date(record.timeline.startEpochMs).toISOString();
  record.job.endedAt = new Date(
    record.timeline.startEpochMs + seconds * record.timeline.stepMs,
  ).toISOString();
}
