import type { AcceptedItem, JobSource, SettledItem } from "./job-steps.js";
import type { Packer } from "./packer.js";
import { openSource } from "./read-source.js";

/** What a job would do, counted without sending: the read, classify and batch steps alone. */
export interface JobPlanCounts {
  total: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** Items a checkpoint said were done (`succeeded`, `skipped`). */
  skipped: number;
  /** Requests the job would send without failures. */
  requests: number;
  /** Valid items past the call's `limit`, which the job would keep back (`not_sent`). */
  notSent: number;
}

/**
 * Runs the read, classify and batch steps of a job (see `runJob`) without dispatching: each
 * request the packer hands out is counted, and the partial ones at the end of each input.
 * Reads every input once, in bounded memory (the packer holds only its open requests).
 */
export async function planJob<Item extends AcceptedItem, Out extends SettledItem>(
  sources: Iterable<JobSource<Item, Out>>,
  packer: Packer<Item>,
  options: {
    signal?: AbortSignal | undefined;
    onOutcome?: ((outcome: Out) => void) | undefined;
    /** As the job's: items past it are counted `notSent`, not packed. */
    limit?: number | undefined;
  },
): Promise<JobPlanCounts> {
  const plan = {
    ...{ total: 0, valid: 0, invalid: 0, duplicates: 0, skipped: 0 },
    ...{ requests: 0, notSent: 0 },
  };
  const { limit } = options;
  let accepted = 0;
  for (const input of sources) {
    let index = 0;
    const opened = openSource(input.source);
    for (;;) {
      options.signal?.throwIfAborted();
      let step = opened.next();
      if (opened.isAsync) step = await step;
      const { done, value } = step as IteratorResult<unknown>;
      if (done) break;
      plan.total++;
      const verdict = input.classify(value, index++);
      if (!("outcome" in verdict)) {
        plan.valid++;
        if (limit !== undefined && accepted >= limit) {
          plan.notSent++;
          continue;
        }
        accepted++;
        if (packer.add(verdict)) plan.requests++;
        // At the limit the job sends every open request, as at the end of an input.
        if (accepted === limit) plan.requests += packer.drain().length;
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
    plan.requests += packer.drain().length;
  }
  return plan;
}
