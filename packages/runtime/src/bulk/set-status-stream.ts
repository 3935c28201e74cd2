import { jobCircuit } from "../fail-fast/circuits.js";
import type { SendVerdict } from "../http/send-verdict.js";
import {
  type AcceptedIdentifier,
  IdentifierClassifier,
} from "../identifiers/identifier-classifier.js";
import { expectedCountOf } from "../pipeline/expected-count.js";
import { TypePacker } from "../pipeline/packer.js";
import { runJob } from "../pipeline/run-job.js";
import { capOf } from "../spec/write-rules.js";
import type { BatchResult, Outcome, Progress } from "../vocabulary/outcome.js";
import { type SetStatusInput, type SetStatusOptions, sourcesOf } from "./set-status-input.js";
import { validateSetStatusInput } from "./validate-input.js";
import { type BulkContext, preflightOf, writeJobOptions } from "./write-job.js";

/**
 * `setStatus` of one group and state: the shared pipeline (see `runJob`) over the input's
 * sources in order (external ids, emails, phones), each identifier classified by the
 * generated validator of its schema and de-duplicated, packed one type per request filled to
 * the spec's cap, sent as v1 bodies, with one fail-fast circuit for the job. Memory stays
 * bounded whatever the input size. `progress` is updated in place.
 */
export async function* runSetStatus(
  ctx: BulkContext,
  input: SetStatusInput,
  options: SetStatusOptions,
  progress: Progress,
): AsyncGenerator<BatchResult, void, undefined> {
  validateSetStatusInput(input, "setStatus");
  const { subscriptionGroupId, state, useDoubleOptIn } = input;
  const { alreadySucceeded } = options;
  const classifier = new IdentifierClassifier(
    alreadySucceeded && ((type, id) => alreadySucceeded(type, id, subscriptionGroupId)),
    expectedCountOf(options, "setStatus"),
    options.deduplicate !== false,
  );
  yield* runJob<AcceptedIdentifier, Outcome, SendVerdict>({
    where: "setStatus",
    ...writeJobOptions(ctx, options, progress),
    sources: sourcesOf(input).map(([type, source]) => ({
      source,
      classify: (raw: unknown, index: number) => classifier.classify(type, raw, index),
    })),
    packer: new TypePacker(capOf),
    send: (batch, signal) =>
      ctx.send(
        {
          subscriptionGroupId,
          state,
          type: (batch[0] as AcceptedIdentifier).type,
          ids: batch.map((item) => item.id),
          ...(useDoubleOptIn === undefined ? {} : { useDoubleOptIn }),
        },
        signal,
      ),
    groupOf: () => subscriptionGroupId,
    circuits: jobCircuit(ctx.failFastConsecutive, ctx.onSystematicFailure),
    ...preflightOf(ctx, options, () => subscriptionGroupId),
  });
}
