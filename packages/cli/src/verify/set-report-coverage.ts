import { ExitCode } from "../exit-codes.js";
import { type JobRecord, jobRecordPath } from "../html-report/job-record-file.js";

/** Exit codes of a `set` run that ended before it had a report line for every input row. */
const UNFINISHED: Readonly<Record<number, string>> = {
  [ExitCode.unexpected]: `ended by an unexpected error (exit ${ExitCode.unexpected})`,
  [ExitCode.usage]: `ended by a file or usage error (exit ${ExitCode.usage})`,
  [ExitCode.interrupted]: `was interrupted by SIGINT (exit ${ExitCode.interrupted})`,
  [ExitCode.terminated]: `was stopped by SIGTERM (exit ${ExitCode.terminated})`,
};

/**
 * Why a `set` report may not hold a line for every row of the set job's input, or
 * `undefined` when its job record (`<report>.job.json`, as `readJobRecord` read it) shows a
 * run that ended with the report complete and counts the same lines the report holds
 * (`counted`, lines per outcome).
 *
 * An interrupted run stops reading its input, so its report lacks the rows it never reached;
 * a run killed outright leaves no record at all; a `--failed-only` report leaves the
 * succeeded rows out (its record counts them). `verify --from-report` can then not show that
 * every row landed, however well the lines it has match.
 */
export function setReportGap(
  reportPath: string,
  record: JobRecord | { unusable: string } | undefined,
  counted: Readonly<Record<string, number>>,
): string | undefined {
  const rerun =
    "rerun the same set command (with its --checkpoint) to its end, then verify its report";
  if (record === undefined)
    return `there is no job record beside it (${jobRecordPath(reportPath)}): the set run that wrote it did not end (killed?), so it may lack rows; ${rerun}`;
  if ("unusable" in record)
    return `its job record ${jobRecordPath(reportPath)} is unusable (${record.unusable}), so it cannot show the report covers every row; ${rerun}`;
  const unfinished = record.job.exitCode === null ? undefined : UNFINISHED[record.job.exitCode];
  if (unfinished !== undefined)
    return `the set run that wrote it ${unfinished}: rows it had not reached have no line; ${rerun}`;
  // A --failed-only report's record counts the rows it leaves out (those that succeeded):
  // they have no line, so no read of this report can show they landed.
  const leftOut = Object.values(record.unreported ?? {}).reduce((sum, n) => sum + n, 0);
  if (leftOut > 0)
    return `it has no line for ${leftOut} rows its job record counts (a --failed-only report leaves out the rows that succeeded), so it cannot show every row landed; verify the full report of a finished run (set without --failed-only)`;
  if (!sameCounts(record.reportLines, counted))
    return `its lines are not those its job record counted (a --failed-only report, or another run's record?), so it cannot show every row; verify the full report of a finished run`;
  return undefined;
}

function sameCounts(
  recorded: Readonly<Record<string, number>>,
  read: Readonly<Record<string, number>>,
): boolean {
  const names = new Set([...Object.keys(recorded), ...Object.keys(read)]);
  for (const name of names) if ((recorded[name] ?? 0) !== (read[name] ?? 0)) return false;
  return true;
}
