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

/** A group and state a multi-group set report's lines carry, with how many lines to read. */
export interface ReportPair {
  group: string;
  state: string;
  lines: number;
}

/** At most this many of a report's group and state pairs are named in a message. */
const PAIRS_NAMED = 10;

/**
 * What `verify --from-report` checks: `--group` and `--state` when given, else the set job's
 * own. A one-group job's (`pairs` undefined: its lines carry no group) are in its job record.
 * A multi-group job's lines carry their own group and state: with one flag given, the other
 * is that of the one pair that fits it; with several, the message names each. (With neither
 * flag, `openSetReport` reads back every pair and does not ask here.) The report says what its job set; asking for it
 * again is only a chance to type it wrong.
 */
export function verifiedJobOf(
  path: string,
  record: JobRecord | { unusable: string } | undefined,
  given: { subscriptionGroupId: string | undefined; state: SubscriptionState | undefined },
  pairs: readonly ReportPair[] | undefined,
): VerifiedJob {
  const isState = (value: string | undefined) =>
    subscriptionStates.find((known) => known === value);
  const made = record === undefined || "unusable" in record ? undefined : record.job;
  const fits = (pairs ?? []).filter(
    (pair) =>
      (given.subscriptionGroupId ?? pair.group) === pair.group &&
      (given.state ?? pair.state) === pair.state,
  );
  const own =
    pairs === undefined
      ? made?.groups.length === 1 && made.states.length === 1
        ? { group: made.groups[0], state: made.states[0] }
        : undefined
      : fits.length === 1
        ? fits[0]
        : undefined;
  const subscriptionGroupId = given.subscriptionGroupId ?? own?.group;
  const state = given.state ?? isState(own?.state);
  if (subscriptionGroupId !== undefined && state !== undefined)
    return { subscriptionGroupId, state };
  const missing = [
    subscriptionGroupId === undefined ? "--group <id>" : undefined,
    state === undefined ? `--state <${subscriptionStates.join("|")}>` : undefined,
  ].filter((flag) => flag !== undefined);
  throw new UsageError(
    `missing required option ${missing.join(" and ")}: ${whyNot(path, pairs && fits)}`,
  );
}

/** Why the group and state could not be taken from the report: no record, or several pairs. */
function whyNot(path: string, fits: readonly ReportPair[] | undefined): string {
  if (fits === undefined)
    return `${path} has no usable job record to name them (${jobRecordPath(path)})`;
  const named = fits
    .slice(0, PAIRS_NAMED)
    .map(
      (pair) =>
        `--group ${pair.group} --state ${pair.state} (${pair.lines} line${pair.lines === 1 ? "" : "s"})`,
    );
  const more = fits.length > PAIRS_NAMED ? `, and ${fits.length - PAIRS_NAMED} more` : "";
  // Only one flag was given (with neither, every pair is read back): several pairs fit it.
  return `${path} is the report of a job whose rows carry their own group and state, and several fit: give both flags for one of ${named.join(", ")}${more}; or neither, to read back every pair`;
}
