import { IdentifierClassifier, isSettled } from "../identifiers/identifier-classifier.js";
import { expectedCountOf } from "../pipeline/expected-count.js";
import { openSource } from "../pipeline/read-source.js";
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
  alreadySucceeded?: (type: IdentifierType, id: string) => boolean;
  /**
   * The pacing used to estimate `minDurationMs`.
   * @default the spec's `x-rate-limit` (limit and interval)
   */
  rateLimit?: { limit: number; intervalMs: number };
  /** As in `setStatus`: about how many identifiers the sources hold. */
  expectedCount?: number;
}

/** What `setStatus` would do, counted without sending anything (for dry runs). */
export interface SetStatusPlan {
  total: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** Identifiers `alreadySucceeded` said were done. */
  skipped: number;
  /** Requests `setStatus` would send without failures (each filled to the spec's cap). */
  requests: number;
  /** Shortest time the rate limit allows for those requests, in milliseconds. */
  minDurationMs: number;
}

/**
 * Runs the same validation, de-duplication and packing as `setStatus`, without sending: the
 * dry run of the CLI. Reads every source once, in bounded memory.
 */
export async function planSetStatus(
  input: SetStatusInput,
  options: PlanOptions = {},
): Promise<SetStatusPlan> {
  validateSetStatusInput(input, "planSetStatus");
  const expectedCount = expectedCountOf(options, "planSetStatus");
  const classifier = new IdentifierClassifier(options.alreadySucceeded, expectedCount);
  const plan: SetStatusPlan = {
    total: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    skipped: 0,
    requests: 0,
    minDurationMs: 0,
  };
  for (const [type, source] of sourcesOf(input)) {
    let toSend = 0;
    let index = 0;
    const opened = openSource(source);
    for (;;) {
      options.signal?.throwIfAborted();
      let step = opened.next();
      if (opened.isAsync) step = await step;
      const { done, value } = step as IteratorResult<unknown>;
      if (done) break;
      plan.total++;
      const verdict = classifier.classify(type, value, index++);
      if (!isSettled(verdict)) {
        plan.valid++;
        toSend++;
        continue;
      }
      if (verdict.outcome === "invalid") plan.invalid++;
      else if (verdict.outcome === "duplicate") plan.duplicates++;
      else {
        plan.valid++;
        plan.skipped++;
      }
      options.onOutcome?.(verdict);
    }
    plan.requests += Math.ceil(toSend / capOf(type));
  }
  const rule = options.rateLimit ?? setStatusOperation.rateLimit;
  plan.minDurationMs = minDurationMs(plan.requests, rule);
  return plan;
}
