import type { BrazeRuntime, ReadOutcome } from "@braze-subscriptions/runtime";
import { type IdentifierType, RUNTIME_FIELD } from "../input/identifier-type.js";
import type { InputRecord } from "../input/input-record.js";
import { LineMap } from "../input/line-map.js";
import type { PlannedPair } from "./read-set-report.js";
import { type VerifyReportLine, verifyLine } from "./verify-line.js";

/** Time between two re-reads of the lines that do not match yet, under `--settle`. */
const SETTLE_ROUND_MS = 500;

/** What {@link readPairs} reads, and where each line's outcome goes. */
export interface PairReads {
  runtime: Pick<BrazeRuntime, "getStatusStream">;
  type: IdentifierType;
  /** Read one after another, in this order (the runtime reads one group per call). */
  pairs: readonly PlannedPair[];
  /** The records of one pair: its identifiers, and lines that could not be read (malformed). */
  recordsOf(pair: PlannedPair): AsyncIterable<InputRecord>;
  /** How many identifiers a pair has, when known: presizes the runtime's duplicate detector. */
  expectedCount(pair: PlannedPair): number | undefined;
  /** Whether the lines carry their group and expected state (a job of several pairs). */
  tagged: boolean;
  /** `--settle` in ms (0: read once). */
  settleMs: number;
  /** Fires on the first SIGINT/SIGTERM: no more reads leave; the pairs not started are not read. */
  stop: AbortSignal;
  /** A line's final outcome, in order of arrival. */
  final(line: VerifyReportLine, pair: PlannedPair): Promise<void>;
  /** A read request was sent for `pair`. */
  requested(pair: PlannedPair): void;
}

/**
 * Reads back every line of every pair, pair after pair (one stream of reads at a time, so
 * memory is that of one pair's reads: the runtime's duplicate detector of the pair, never the
 * whole report), then, under `--settle`, re-reads the lines that differ or are unknown, every
 * half second, across all pairs, until they match or the settle time has passed. One deadline
 * for the whole job, counted from the end of the last first read: while the later pairs are
 * read, the earlier pairs' late writes land, and `--settle 1m` never adds a minute per pair.
 *
 * After a stop, the pair being read ends as the runtime ends it (reads on the wire answered,
 * lines pulled but not sent `failed`, `aborted`); the pairs after it are not read at all; a
 * line waiting to settle keeps what its last read found.
 */
export class PairReader {
  /** Lines waiting to be read again (under `--settle`, only those that do not match yet). */
  private pending = new Map<PlannedPair, VerifyReportLine[]>();
  private waiting = 0;

  constructor(private readonly reads: PairReads) {}

  /** Lines waiting to be read again, for the progress line. */
  get settling(): number {
    return this.waiting;
  }

  /** Reads every pair, then settles; resolves when every line read has its final outcome. */
  async run(): Promise<void> {
    const { reads } = this;
    const settle = reads.settleMs > 0;
    for (const pair of reads.pairs) {
      if (reads.stop.aborted) break;
      const lineMap = new LineMap();
      await this.readAll(pair, this.identifiers(pair, lineMap), reads.expectedCount(pair), (o) => {
        const line = this.lineOf(o, lineMap.lineOf(o.index) ?? 0, pair);
        return settle && unsettled(line) ? this.wait(pair, line) : reads.final(line, pair);
      });
    }
    const deadline = Date.now() + reads.settleMs;
    while (this.waiting > 0 && Date.now() < deadline && !reads.stop.aborted) {
      await pause(Math.min(SETTLE_ROUND_MS, deadline - Date.now()), reads.stop);
      if (reads.stop.aborted) break;
      const rounds = this.pending;
      this.pending = new Map();
      this.waiting = 0;
      for (const [pair, round] of rounds) {
        // Stopped between pairs: these lines keep what their last read found.
        if (reads.stop.aborted) {
          for (const line of round) this.wait(pair, line);
          continue;
        }
        const ids = round.map((line) => line.id as string);
        await this.readAll(pair, ids, round.length, async (outcome) => {
          const before = round[outcome.index] as VerifyReportLine;
          const line = this.lineOf(outcome, before.line, pair);
          // Stopped before this re-read left: the line keeps what its last read found.
          if (outcome.outcome === "failed" && outcome.error.code === "aborted")
            await reads.final(before, pair);
          else if (unsettled(line)) this.wait(pair, line);
          else await reads.final(line, pair);
        });
      }
    }
    const unsettledLines = this.pending;
    this.pending = new Map();
    this.waiting = 0;
    for (const [pair, lines] of unsettledLines)
      for (const line of lines) await reads.final(line, pair);
  }

  private wait(pair: PlannedPair, line: VerifyReportLine): Promise<void> {
    const lines = this.pending.get(pair) ?? [];
    lines.push(line);
    this.pending.set(pair, lines);
    this.waiting++;
    return Promise.resolve();
  }

  private lineOf(outcome: ReadOutcome, line: number, pair: PlannedPair): VerifyReportLine {
    const group = this.reads.tagged ? { group: pair.subscriptionGroupId } : undefined;
    return verifyLine(outcome, line, pair.state, group);
  }

  /** A pair's identifiers; its malformed records get their line at once (nothing to read). */
  private async *identifiers(pair: PlannedPair, lineMap: LineMap): AsyncGenerator<string> {
    for await (const record of this.reads.recordsOf(pair)) {
      if (record.kind === "malformed") {
        await this.reads.final(
          {
            line: record.line,
            id: null,
            type: this.reads.type,
            outcome: "invalid",
            state: null,
            error: { code: record.code ?? "malformed_csv", message: record.message },
          },
          pair,
        );
        continue;
      }
      lineMap.push(record.line);
      yield record.id;
    }
  }

  /** Reads every identifier once on the read budget, handing each outcome over in order of arrival. */
  private async readAll(
    pair: PlannedPair,
    ids: Iterable<string> | AsyncIterable<string>,
    expectedCount: number | undefined,
    take: (outcome: ReadOutcome) => Promise<void>,
  ): Promise<void> {
    const stream = this.reads.runtime.getStatusStream(
      { subscriptionGroupId: pair.subscriptionGroupId, [RUNTIME_FIELD[this.reads.type]]: ids },
      {
        stopSignal: this.reads.stop,
        ...(expectedCount === undefined ? {} : { expectedCount }),
      },
    );
    for await (const batch of stream) {
      if (batch.request) this.reads.requested(pair);
      for (const outcome of batch.outcomes) await take(outcome);
    }
  }
}

/** Whether a line is worth reading again under `--settle` (a late write may still land). */
function unsettled(line: VerifyReportLine): boolean {
  return line.outcome === "differs" || line.outcome === "unknown";
}

/** Waits `ms`, or less when `signal` fires (a stop must not wait for the next settle round). */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
