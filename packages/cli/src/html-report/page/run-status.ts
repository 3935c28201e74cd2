import type { JobDescription } from "../job-page-data.js";
import { didNotFinish, stoppedEarly } from "../run-finished.js";
import { h } from "./dom.js";

/**
 * A banner at the top of the page when the job did not run to its end; `null` otherwise.
 * The exit code alone sat on one line of the job's details: a run of 20,000 rows stopped by
 * Ctrl-C showed "7,000 identifiers" as if that were the whole input.
 */
export function runStatus(job: JobDescription): HTMLElement | null {
  if (!didNotFinish(job)) return null;
  const why = job.exitMeaning === null ? "" : `: ${job.exitMeaning}`;
  // A job stopped early read its whole input: "rows it never reached" would send a reader
  // looking for rows that are all here, as `not sent`.
  if (stoppedEarly(job))
    return h(
      "p",
      { id: "run-status", role: "alert" },
      h("strong", {}, "This run stopped early"),
      ` (exit ${job.exitCode}${why}). Every row of the input is counted below: the rows it did not send are "not sent", in the report too.`,
    );
  return h(
    "p",
    { id: "run-status", role: "alert" },
    h("strong", {}, "This run did not finish"),
    ` (exit ${job.exitCode}${why}). The counts below are those of the rows it decided before it ended; rows of the input it never reached are neither on this page nor in the report.`,
  );
}
