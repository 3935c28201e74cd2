import { ExitCode } from "../exit-codes.js";
import type { JobDescription } from "./job-page-data.js";

/**
 * Exit codes of a job that ran to the end of its input: everything succeeded (0), or some
 * rows were invalid or failed and the page lists them (3). Any other code is a run that did
 * not finish (interrupted, stopped early, failed), which a reader of its page must not take
 * for a complete record.
 */
const FINISHED: ReadonlySet<number> = new Set([0, 3]);

/**
 * Whether the job is known not to have run to its end (shared by the page script's banner
 * and the page's title); `false` when its exit code is unknown (a page of a bare report).
 */
export function didNotFinish(job: Pick<JobDescription, "exitCode">): boolean {
  return job.exitCode !== null && !FINISHED.has(job.exitCode);
}

/**
 * Whether the job stopped early (exit 4: a refusal, `--max-failures`, the rate-limit store):
 * such a job still reads its whole input, so every row is on its page and in its report (the
 * rows it did not send as `not_sent`), unlike a job stopped by a signal or an error.
 */
export function stoppedEarly(job: Pick<JobDescription, "exitCode">): boolean {
  return job.exitCode === ExitCode.stopped;
}
