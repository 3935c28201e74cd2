import type { JobDescription } from "../job-page-data.js";

/**
 * The shortest span the time axis shows, in seconds. uPlot auto-ranges a single point or a
 * span of a second or two to years (a 1-second job's axis read 2027–2029).
 */
export const MIN_SPAN_SECONDS = 10;

/**
 * The time axis's range, in epoch seconds: the recorded seconds (`first` to `last` point,
 * each `stepSeconds` wide) and the job's start and end when known, widened evenly to at least
 * {@link MIN_SPAN_SECONDS}. Computed here, not by uPlot, so a short job reads as seconds.
 */
export function timeRange(
  first: number,
  last: number,
  stepSeconds: number,
  job: Pick<JobDescription, "startedAt" | "endedAt">,
): [number, number] {
  const started = job.startedAt === null ? Number.NaN : Date.parse(job.startedAt) / 1000;
  const ended = job.endedAt === null ? Number.NaN : Date.parse(job.endedAt) / 1000;
  // A NaN (unknown or unreadable time) loses against any recorded second.
  let low = Number.isFinite(started) ? Math.min(first, started) : first;
  let high = Number.isFinite(ended) ? Math.max(last + stepSeconds, ended) : last + stepSeconds;
  const missing = MIN_SPAN_SECONDS - (high - low);
  if (missing > 0) {
    low -= missing / 2;
    high += missing / 2;
  }
  return [low, high];
}
