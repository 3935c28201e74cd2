import {
  type PlanOptions,
  planOneGroup,
  planOptionNames,
  type SetStatusPlan,
} from "./bulk/plan-set-status.js";
import type { SetStatusInput } from "./bulk/set-status-input.js";
import { checkCallOptions } from "./options/call-options.js";
import { jobBoundsOf } from "./pipeline/job-bounds.js";
import { planSetRows } from "./rows/plan-set-rows.js";
import { isRowSource, type SetStatusRows } from "./rows/run-set-rows.js";

/**
 * Counts what `setStatus` would do with this input (one group's, or rows of many), sending
 * nothing: the same validation, de-duplication and packing, then the requests and the
 * shortest time the rate limit allows for them. The dry run of the CLI.
 */
export async function planSetStatus(
  input: SetStatusInput | SetStatusRows,
  options: PlanOptions = {},
): Promise<SetStatusPlan> {
  // Checked as `setStatus` checks them, before anything is read.
  checkCallOptions("planSetStatus", options, planOptionNames);
  const { limit } = jobBoundsOf(options, "planSetStatus");
  const checked = { ...options, ...(limit === undefined ? {} : { limit }) };
  return isRowSource(input) ? planSetRows(input, checked) : planOneGroup(input, checked);
}
