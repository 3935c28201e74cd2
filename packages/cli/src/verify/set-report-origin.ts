import { UsageError } from "../errors.js";
import { type JobRecord, jobRecordPath } from "../html-report/job-record-file.js";

/**
 * Refuses, before anything is read back, a report whose job record shows it cannot prove the
 * job `verify --from-report` is asked about: the report of another kind of run (a verify
 * report's `state` is what Braze held, not what a row was set to), or of a one-group set job
 * (its lines carry no group, `oneGroup`) on another group or state than `--group`/`--state`.
 * Reading it would spend the shared read budget on a verdict about some other job: the
 * identifiers of a job that unsubscribed them from one group may well be subscribed in
 * another, which "proved" the job with exit 0. Without a usable record nothing is known here
 * (the report's coverage gap then makes the run exit 3).
 */
export function checkSetReportOrigin(
  path: string,
  record: JobRecord | { unusable: string } | undefined,
  job: { subscriptionGroupId: string; state: string },
  oneGroup: boolean,
): void {
  if (record === undefined || "unusable" in record) return;
  const made = record.job;
  const from = `(its job record ${jobRecordPath(path)} says so)`;
  if (made.kind !== "set")
    throw new UsageError(
      `${path} is the report of a ${made.kind} run ${from}, not of a set run: --from-report reads back what a set job wrote; give that job's --report`,
    );
  const [group] = made.groups;
  const [state] = made.states;
  if (!oneGroup || made.groups.length !== 1 || made.states.length !== 1) return;
  if (group === job.subscriptionGroupId && state === job.state) return;
  throw new UsageError(
    `${path} is the report of a set job on group ${group}, state ${state} ${from}: reading its identifiers in group ${job.subscriptionGroupId} for state ${job.state} proves nothing about that job; give --group ${group} --state ${state} (to check these identifiers elsewhere, give them as --input)`,
  );
}
