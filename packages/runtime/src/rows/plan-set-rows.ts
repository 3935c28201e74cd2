import { type PlanOptions, type SetStatusPlan, withMinDuration } from "../bulk/plan-set-status.js";
import { expectedCountOf } from "../pipeline/expected-count.js";
import { planJob } from "../pipeline/plan-job.js";
import { multiGroupRulesOf } from "../spec/v2-rules.js";
import { RowClassifier } from "./row-classifier.js";
import { RowPacker } from "./row-packer.js";
import type { SetStatusRows } from "./run-set-rows.js";

/**
 * Runs the same checks, de-duplication and packing as `setStatus(rows)`, without sending:
 * how many multi-group requests the rows need (a dry run). Reads the rows once, in bounded
 * memory.
 */
export function planSetRows(
  rows: SetStatusRows,
  options: PlanOptions = {},
): Promise<SetStatusPlan> {
  const classifier = new RowClassifier(
    options.alreadySucceeded,
    expectedCountOf(options, "planSetStatus"),
  );
  const rules = multiGroupRulesOf();
  return planJob(
    [{ source: rows, classify: (value, index) => classifier.classify(value, index) }],
    new RowPacker(rules.maxIdentifiers, rules.exclusive),
    options,
  ).then((plan) => withMinDuration(plan, options));
}
