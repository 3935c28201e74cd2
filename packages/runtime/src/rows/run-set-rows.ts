import type { SetStatusOptions } from "../bulk/set-status-input.js";
import { type BulkContext, preflightOf, writeJobOptions } from "../bulk/write-job.js";
import { groupCircuits } from "../fail-fast/circuits.js";
import type { SendVerdict } from "../http/send-verdict.js";
import { expectedCountOf } from "../pipeline/expected-count.js";
import { runJob } from "../pipeline/run-job.js";
import type { MultiGroupRules } from "../spec/v2-rules.js";
import type { BatchResult, Outcome, Progress } from "../vocabulary/outcome.js";
import type { MultiGroupSender } from "./multi-group-sender.js";
import { RefusalSplitter } from "./refusal-splitter.js";
import { RowClassifier, type SetStatusRow } from "./row-classifier.js";
import { type AcceptedRow, RowPacker } from "./row-packer.js";

export type { SetStatusRow };

/** Rows, from an array, any iterable or an async iterable. */
export type SetStatusRows = Iterable<SetStatusRow> | AsyncIterable<SetStatusRow>;

/** True when `setStatus` was given rows rather than one group's input object. */
export function isRowSource(input: unknown): input is SetStatusRows {
  return (
    typeof input === "object" &&
    input !== null &&
    (Symbol.iterator in input || Symbol.asyncIterator in input)
  );
}

/** What the row engine needs besides the bulk writes' context. */
export interface RowContext {
  send: MultiGroupSender;
  rules: MultiGroupRules;
}

/**
 * `setStatus(rows)`: the shared pipeline (see `runJob`) over rows that carry their own group
 * and state, each checked with the generated validators and de-duplicated per group (see
 * {@link RowClassifier}), packed into the fewest multi-group requests the spec allows (see
 * {@link RowPacker}), with one fail-fast circuit per group; a request Braze refused for one of
 * its groups is sent again group by group (see {@link RefusalSplitter}). It honours what the one-group
 * path does: `limit`, `maxFailures`, the preflight read (of the first request's groups, see `preflightRows`),
 * `alreadySucceeded`, `stopSignal`; one outcome per row, its `index` the row's position.
 */
export async function* runSetRows(
  ctx: BulkContext,
  rows: RowContext,
  input: SetStatusRows,
  options: SetStatusOptions,
  progress: Progress,
): AsyncGenerator<BatchResult, void, undefined> {
  const classifier = new RowClassifier(
    options.alreadySucceeded,
    expectedCountOf(options, "setStatus"),
    options.deduplicate !== false,
  );
  const groupOf = (row: AcceptedRow) => row.subscriptionGroupId;
  const splitter = new RefusalSplitter();
  yield* runJob<AcceptedRow, Outcome, SendVerdict>({
    where: "setStatus",
    ...writeJobOptions(ctx, options, progress),
    sources: [{ source: input, classify: (value, index) => classifier.classify(value, index) }],
    packer: new RowPacker(rows.rules.maxIdentifiers, rows.rules.exclusive, (group) =>
      splitter.isolated(group),
    ),
    send: (batch, signal) => rows.send(batch, signal),
    split: (batch, verdict) => splitter.split(batch, verdict),
    groupOf,
    circuits: groupCircuits(ctx.failFastConsecutive, ctx.onSystematicFailure),
    ...preflightOf(ctx, options, groupOf, true),
  });
}
