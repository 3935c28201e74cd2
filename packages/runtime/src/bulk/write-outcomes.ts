import type { SendVerdict } from "../http/send-verdict.js";
import type { AcceptedItem } from "../pipeline/job-steps.js";
import type { FailureInfo, JobStop, Outcome, Progress } from "../vocabulary/outcome.js";

/**
 * How a write's items end and are counted, for every write job (one group or rows): an
 * answered request makes each of its items `succeeded` or `failed`; a stop keeps items back
 * as `not_sent`, and so does the caller's stop or abort of items whose request had not left
 * (nothing reached Braze, so `failed` would be untrue). An outcome names the item's type,
 * identifier and index only.
 */
export function writeOutcomes(progress: Progress) {
  const keptBack = ({ type, id, index }: AcceptedItem, stop: JobStop): Outcome => ({
    outcome: "not_sent",
    type,
    id,
    index,
    reason: stop.reason,
    error: stop.error,
  });
  return {
    settle: (batch: AcceptedItem[], verdict: SendVerdict): Outcome[] =>
      batch.map(({ type, id, index }) =>
        verdict.ok
          ? { outcome: "succeeded", type, id, index }
          : { outcome: "failed", type, id, index, error: verdict.error },
      ),
    unsent: (item: AcceptedItem, error: FailureInfo): Outcome =>
      keptBack(item, { reason: "stopped", error }),
    keptBack,
    count: (outcome: Outcome): void => {
      if (outcome.outcome === "duplicate") progress.duplicates++;
      else if (outcome.outcome === "not_sent") progress.notSent++;
      else progress[outcome.outcome]++;
    },
  };
}
