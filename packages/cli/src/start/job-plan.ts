import { instances, operationMetadata } from "@braze-subscriptions/client";
import type { Target } from "@braze-subscriptions/client/internal/option-checks";
import { minDurationMs, multiGroupRulesOf } from "@braze-subscriptions/runtime";
import type { IdentifierType } from "../input/identifier-type.js";
import { formatDuration } from "../options/duration.js";
import { type FailureBound, failureBoundCount } from "../options/failure-bound.js";
import { formatRateLimit, type RateLimitRule } from "../options/rate-limit.js";
import { describeGroups, type JobGroups } from "../set/job-groups.js";

/** What a `set` run is about to do, shown before anything is sent. */
export interface JobPlan {
  /** The host requests go to (from the instance's base URL, or `--base-url`). */
  host: string;
  /** The instance name, when one was given. */
  instance: string | undefined;
  groups: readonly string[];
  states: readonly string[];
  type: IdentifierType;
  inputLabel: string;
  /** Data rows of the input (its line count less the header); `undefined` for a pipe. */
  rows: number | undefined;
  /** Most requests the rows need, each filled to the spec's cap; `undefined` for a pipe. */
  requests: number | undefined;
  /** Identifiers per request at most (the spec's `maxItems` for the type). */
  cap: number;
  /** Least time those requests take at `rateLimit`. */
  minDurationMs: number | undefined;
  rateLimit: RateLimitRule;
  limit: number | undefined;
  /** `--max-failures` in identifiers (a percentage applied to `rows`). */
  maxFailures: number | undefined;
  maxFailuresText: string | undefined;
  checkpoint: string | undefined;
}

/** What {@link planJob} needs: the resolved flags and what opening the input told. */
export interface JobPlanInput {
  target: Target;
  groups: JobGroups;
  rateLimit: RateLimitRule | undefined;
  limit: number | undefined;
  maxFailures: FailureBound | undefined;
  checkpoint: string | undefined;
  source: { label: string; type: IdentifierType; estimatedTotal: number | undefined };
}

/**
 * Counts what the job needs from the line count alone (no second pass over the input): the
 * requests are an upper bound, since invalid, duplicate and checkpointed rows are not sent.
 * Every number about the API comes from the spec's metadata.
 */
export function planJob(input: JobPlanInput): JobPlan {
  const { source } = input;
  const spec = operationMetadata.setSubscriptionStatus;
  // A multi-group job's requests hold rows of any groups, up to the v2 write's cap (one
  // identifier type per file, so no two kinds that may not meet).
  const cap =
    input.groups.kind === "rows"
      ? multiGroupRulesOf().maxIdentifiers
      : spec.requestBody.listFields[source.type].maxItems;
  const rateLimit = jobRateLimit(input.rateLimit);
  const rows = source.estimatedTotal;
  const toSend =
    rows === undefined ? input.limit : Math.min(rows, input.limit ?? Number.POSITIVE_INFINITY);
  const requests = toSend === undefined ? undefined : Math.ceil(toSend / cap);
  const baseUrl =
    "instance" in input.target ? instances[input.target.instance] : input.target.baseUrl;
  return {
    host: new URL(baseUrl).host,
    instance: "instance" in input.target ? input.target.instance : undefined,
    ...describeGroups(input.groups),
    type: source.type,
    inputLabel: source.label,
    rows,
    requests,
    cap,
    minDurationMs: requests === undefined ? undefined : minDurationMs(requests, rateLimit),
    rateLimit,
    limit: input.limit,
    maxFailures:
      input.maxFailures === undefined ? undefined : failureBoundCount(input.maxFailures, rows),
    maxFailuresText:
      input.maxFailures === undefined
        ? undefined
        : "count" in input.maxFailures
          ? `${input.maxFailures.count}`
          : `${input.maxFailures.percent}%`,
    checkpoint: input.checkpoint,
  };
}

/** The rule a write job is paced by: `--rate-limit`, or the spec's. */
export function jobRateLimit(rateLimit: RateLimitRule | undefined): RateLimitRule {
  const { limit, intervalMs } = operationMetadata.setSubscriptionStatus.rateLimit;
  return rateLimit ?? { limit, intervalMs };
}

/** The block `set` prints on stderr before sending anything. */
export function formatJobPlan(plan: JobPlan): string {
  const n = (value: number) => value.toLocaleString("en-US");
  const lines = [
    "About to set subscription states:",
    `  target      ${plan.host}${plan.instance ? ` (${plan.instance})` : ""}`,
    `  ${plan.groups.length > 1 ? "groups " : "group  "}     ${plan.groups.join(", ")}`,
    `  ${plan.states.length > 1 ? "states " : "state  "}     ${plan.states.join(", ")}`,
    `  rows        ${plan.rows === undefined ? "unknown (a pipe has no line count)" : n(plan.rows)} of ${plan.type} from ${plan.inputLabel}`,
    `  requests    ${plan.requests === undefined ? "unknown" : `at most ${n(plan.requests)}`} (up to ${plan.cap} identifiers each)`,
    `  time        ${plan.minDurationMs === undefined ? "unknown" : `at least ${formatDuration(plan.minDurationMs)}`} at the rate limit of ${formatRateLimit(plan.rateLimit)}`,
  ];
  if (plan.limit !== undefined) {
    lines.push(`  limit       the first ${n(plan.limit)} valid identifiers; the rest not sent`);
  }
  if (plan.maxFailures !== undefined) {
    lines.push(
      `  stop after  ${n(plan.maxFailures)} failed identifiers (--max-failures ${plan.maxFailuresText})`,
    );
  }
  if (plan.checkpoint !== undefined) {
    lines.push(`  checkpoint  ${plan.checkpoint} (identifiers it holds are not sent again)`);
  }
  return lines.join("\n");
}
