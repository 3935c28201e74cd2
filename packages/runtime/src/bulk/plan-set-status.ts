import { IdentifierClassifier } from "../identifiers/identifier-classifier.js";
import { optionNames } from "../options/call-overrides.js";
import { expectedCountOf } from "../pipeline/expected-count.js";
import { TypePacker } from "../pipeline/packer.js";
import { type JobPlanCounts, planJob } from "../pipeline/plan-job.js";
import { capOf, setStatusOperation } from "../spec/write-rules.js";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
import type { Outcome } from "../vocabulary/outcome.js";
import { minDurationMs } from "./min-duration.js";
import type { SetStatusInput } from "./set-status-input.js";
import { sourcesOf } from "./set-status-input.js";
import { validateSetStatusInput } from "./validate-input.js";

/** Options of {@link planSetStatus}. */
export interface PlanOptions {
  /** Stops reading; the plan then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Receives every invalid, duplicate and already-succeeded outcome as it is found. */
  onOutcome?: (outcome: Outcome) => void;
  /** As in `setStatus`: identifiers to count as done (not planned as requests). */
  alreadySucceeded?: (type: IdentifierType, id: string, subscriptionGroupId: string) => boolean;
  /**
   * The pacing used to estimate `minDurationMs`.
   * @default the spec's `x-rate-limit` (limit and interval)
   */
  rateLimit?: { limit: number; intervalMs: number };
  /** As in `setStatus`: about how many identifiers the sources hold. */
  expectedCount?: number;
  /**
   * As in `setStatus`: only the first `limit` valid identifiers are planned as requests; the
   * later ones are counted in `notSent`.
   * @default undefined (no limit)
   */
  limit?: number;
}

/** Every option of {@link PlanOptions}; others are refused. */
export const planOptionNames = optionNames<PlanOptions>({
  signal: true,
  onOutcome: true,
  alreadySucceeded: true,
  rateLimit: true,
  expectedCount: true,
  limit: true,
});

/** What `setStatus` would do, counted without sending anything (for dry runs). */
export interface SetStatusPlan extends JobPlanCounts {
  /** Shortest time the rate limit allows for those requests, in milliseconds. */
  minDurationMs: number;
}

/**
 * Runs the same validation, de-duplication and packing as `setStatus` of one group, without
 * sending: the dry run of the CLI. Reads every source once, in bounded memory.
 */
export async function planOneGroup(
  input: SetStatusInput,
  options: PlanOptions = {},
): Promise<SetStatusPlan> {
  validateSetStatusInput(input, "planSetStatus");
  const { alreadySucceeded } = options;
  const classifier = new IdentifierClassifier(
    alreadySucceeded && ((type, id) => alreadySucceeded(type, id, input.subscriptionGroupId)),
    expectedCountOf(options, "planSetStatus"),
  );
  const plan = await planJob(
    sourcesOf(input).map(([type, source]) => ({
      source,
      classify: (raw: unknown, index: number) => classifier.classify(type, raw, index),
    })),
    new TypePacker(capOf),
    options,
  );
  return withMinDuration(plan, options);
}

/** A plan with the shortest time its requests take at the rate limit. */
export function withMinDuration(plan: JobPlanCounts, options: PlanOptions): SetStatusPlan {
  const rule = options.rateLimit ?? setStatusOperation.rateLimit;
  return { ...plan, minDurationMs: minDurationMs(plan.requests, rule) };
}
