import type { BrazeRuntime, SubscriptionState } from "@braze-subscriptions/runtime";
import { type IdentifierType, RUNTIME_FIELD } from "../input/identifier-type.js";
import { LineMap } from "../input/line-map.js";
import type { ReportLine } from "../report/report-line.js";

/** What `set --skip-unchanged` settles without a write, per input line. */
export interface SkipUnchangedHooks {
  /** Called for a line that is already in the target state, or invalid / a duplicate. */
  settle(line: ReportLine): Promise<void>;
}

/**
 * `set --skip-unchanged`: reads the current state of each identifier first (on the read
 * budget) and passes on only those whose state would change (a failed read passes too: the
 * write is what the user asked for). Lines already in the target state settle as `unchanged`;
 * invalid and duplicate lines settle as `set` reports them. Streams: reads run ahead of the
 * writes only as far as the write stage pulls, so memory stays bounded. The identifiers passed
 * on are distinct (the reads de-duplicate): the write stage needs no duplicate detector of its
 * own (`deduplicate: false`).
 *
 * `lines` maps the index of each identifier given to `ids` to its input line; the returned
 * `lines` maps the index of each identifier passed on to its input line.
 */
export function skipUnchanged(
  runtime: BrazeRuntime,
  job: {
    subscriptionGroupId: string;
    state: SubscriptionState;
    type: IdentifierType;
    /** The input's line count, when known: presizes the reads' duplicate detector. */
    expectedCount: number | undefined;
  },
  ids: AsyncIterable<string>,
  lines: LineMap,
  hooks: SkipUnchangedHooks,
): { ids: AsyncIterable<string>; lines: LineMap } {
  const forwarded = new LineMap();
  async function* changing(): AsyncGenerator<string> {
    const reads = runtime.getStatusStream(
      { subscriptionGroupId: job.subscriptionGroupId, [RUNTIME_FIELD[job.type]]: ids },
      job.expectedCount === undefined ? {} : { expectedCount: job.expectedCount },
    );
    for await (const batch of reads) {
      for (const outcome of batch.outcomes) {
        const line = lines.lineOf(outcome.index) ?? 0;
        const base = { line, id: outcome.id, type: outcome.type };
        if (outcome.outcome === job.state) {
          await hooks.settle({ ...base, outcome: "unchanged", error: null });
        } else if (outcome.outcome === "invalid") {
          await hooks.settle({
            ...base,
            outcome: "invalid",
            error: { code: outcome.issue.code, message: outcome.issue.message },
          });
        } else if (outcome.outcome === "duplicate") {
          await hooks.settle({ ...base, outcome: "duplicate", error: null });
        } else {
          forwarded.push(line);
          yield outcome.id;
        }
      }
    }
  }
  return { ids: changing(), lines: forwarded };
}
