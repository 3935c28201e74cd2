import { type SubscriptionState, subscriptionStates } from "@braze-subscriptions/runtime";
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
  job: { subscriptionGroupId?: string | undefined; state?: string | undefined },
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

/** The group and state `verify` reads and compares with. */
export interface VerifiedJob {
  subscriptionGroupId: string;
  state: SubscriptionState;
}

/**
 * What `verify --from-report` checks: `--group` and `--state` when given, else the set job's
 * own, from the report's job record, for a one-group job (`oneGroup`: its lines carry no
 * group). The report says what its job set; asking for it again is only a chance to type it
 * wrong. A job of many groups (its lines carry their own group and state) is verified one
 * group at a time, so it needs the flags, as does a report without a usable record.
 */
export function verifiedJobOf(
  path: string,
  record: JobRecord | { unusable: string } | undefined,
  given: { subscriptionGroupId: string | undefined; state: SubscriptionState | undefined },
  oneGroup: boolean,
): VerifiedJob {
  const made = record === undefined || "unusable" in record ? undefined : record.job;
  const own = oneGroup && made?.groups.length === 1 && made.states.length === 1;
  const subscriptionGroupId = given.subscriptionGroupId ?? (own ? made.groups[0] : undefined);
  const state = given.state ?? subscriptionStates.find((known) => own && known === made.states[0]);
  if (subscriptionGroupId !== undefined && state !== undefined)
    return { subscriptionGroupId, state };
  const missing = [
    subscriptionGroupId === undefined ? "--group <id>" : undefined,
    state === undefined ? `--state <${subscriptionStates.join("|")}>` : undefined,
  ].filter((flag) => flag !== undefined);
  const why = !oneGroup
    ? `${path} is the report of a job whose rows carry their own group and state: verify one group and state at a time`
    : `${path} has no usable job record to name them (${jobRecordPath(path)})`;
  throw new UsageError(`missing required option ${missing.join(" and ")}: ${why}`);
}
