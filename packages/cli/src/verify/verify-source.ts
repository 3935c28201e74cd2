import type { InputRecord } from "../input/input-record.js";
import { openIdentifierSource } from "../input/open-identifier-source.js";
import { type Peeked, peek } from "../input/peek.js";
import type { CliIo } from "../io.js";
import { PEEK_RECORDS } from "../start/preflight-start.js";
import { openSetReport, type PlannedPair } from "./read-set-report.js";
import type { ResolvedVerifyOptions } from "./verify-options.js";

/**
 * What `verify` reads back: the `--input` (one pair: `--group` and `--state`), or a `set`
 * report (`--from-report`: one pair, or every group and state of a multi-group job), with the
 * first records read ahead for the preflight read.
 */
export async function openVerifySource(given: ResolvedVerifyOptions, io: CliIo) {
  if (given.fromReport !== undefined) {
    const report = await openSetReport(given.fromReport, given);
    return {
      ...report,
      // A set report is read again for each pair: its first pair's lines, read ahead.
      head: () => report.recordsOf(report.pairs[0] as PlannedPair),
    };
  }
  const input = await openIdentifierSource(given.input, given.format, io.stdin);
  // The first records serve the preflight too (stdin cannot be read twice), read ahead
  // only then: the usage checks before it do not wait on a pipe.
  let peeked: Peeked<InputRecord> | undefined;
  return {
    ...input,
    gap: undefined,
    each: false,
    pairs: [
      { subscriptionGroupId: given.subscriptionGroupId, state: given.state, lines: undefined },
    ] as PlannedPair[],
    head: async function* () {
      peeked ??= await peek(input.records, PEEK_RECORDS);
      yield* peeked.head;
    },
    recordsOf: () => peeked?.all ?? input.records,
  };
}

/** What {@link openVerifySource} opens. */
export type VerifySource = Awaited<ReturnType<typeof openVerifySource>>;
