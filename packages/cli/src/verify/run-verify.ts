import { createRuntime } from "../commands/create-runtime.js";
import { jobFiles } from "../commands/job-files.js";
import { stderrLogger } from "../commands/stderr-logger.js";
import { CliError, UsageError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { gracefulStop } from "../graceful-stop.js";
import { finishFailedJob } from "../html-report/finish-job.js";
import type { CliIo } from "../io.js";
import { createProgressDisplay } from "../progress/progress-display.js";
import type { ProgressSnapshot } from "../progress/progress-snapshot.js";
import { createRedactor } from "../redact.js";
import { ReportWriter } from "../report/report-writer.js";
import { finishVerify } from "./finish-verify.js";
import { PairReader } from "./read-pairs.js";
import type { PlannedPair } from "./read-set-report.js";
import { startVerifyJob } from "./start-verify-job.js";
import {
  VERIFY_PAIRS_REPORT_COLUMNS,
  VERIFY_REPORT_COLUMNS,
  type VerifyReportLine,
} from "./verify-line.js";
import type { ResolvedVerifyOptions } from "./verify-options.js";
import { preflightVerify } from "./verify-preflight.js";
import { openVerifySource } from "./verify-source.js";
import {
  countLine,
  emptySummary,
  type PairTally,
  progressCounts,
  type VerifySummary,
} from "./verify-summary.js";

export type { VerifySummary } from "./verify-summary.js";

/**
 * `braze-subscriptions verify`: reads back the state of every input line (or of every line of
 * a `set` report the job meant to set) with `GET /subscription/status/get`, on the read
 * budget, and compares it with `--state`. A multi-group set report without `--group` and
 * `--state` is read back pair after pair, every group and state of it (see `PairReader`),
 * with one summary, report and page for the whole job. With `--settle`, lines that differ or are unknown are read
 * again until they match or the time is up (Braze applies writes asynchronously). One report
 * line per input line; exit 0 when every line matches, 3 otherwise. A first SIGINT/SIGTERM
 * stops reading (reads on the wire get their answer, the rest of what was read ends
 * `failed`, `aborted`), writes what was read and says so, exit 130/143; a second one writes
 * the report's lines so far and quits at once.
 */
export async function runVerify(
  given: ResolvedVerifyOptions,
  io: CliIo,
  argv: readonly string[] = [],
): Promise<ExitCodeValue> {
  const redact = createRedactor([given.apiKey]);
  const source = await openVerifySource(given, io);
  const pairs = source.pairs;
  const first = pairs[0] as PlannedPair;
  // With --from-report, --group and --state may come from the set job's record. A job of
  // several pairs has no one group: each pair carries its own (the reader and the summary
  // use those), and these are only the first pair's, to keep the options' type whole.
  const options = { ...given, subscriptionGroupId: first.subscriptionGroupId, state: first.state };
  // The report, its job record and the page never overwrite the input, the job record of a
  // set report read back, or each other, however they are named (checked before anything).
  const files = await jobFiles(
    options,
    source,
    options.fromReport === undefined ? "--input" : "--from-report",
  );
  if ("rowColumns" in source && source.rowColumns !== undefined) {
    throw new UsageError(
      `verify reads one group, and ${source.label} gives each row its group or state (columns): verify the set job's report instead, with --from-report <report.ndjson> (every group and state of it)`,
    );
  }
  const job = await startVerifyJob(options, source, files, argv, io.env);
  const runtime = await createRuntime(options, stderrLogger(io.stderr), "reads", job?.hooks());
  // A wrong key, instance or Redis namespace is one line, before the report exists.
  const onlyPair = pairs.length === 1;
  await preflightVerify(runtime, first, source.type, source.head(), onlyPair).catch(
    async (error) => {
      await runtime.close();
      throw error;
    },
  );
  const report =
    options.report === undefined
      ? undefined
      : await ReportWriter.open(
          options.report,
          redact,
          [files.input, files.inputRecord, files.html],
          undefined,
          source.each ? VERIFY_PAIRS_REPORT_COLUMNS : VERIFY_REPORT_COLUMNS,
        ).catch(async (error) => {
          await runtime.close();
          throw error;
        });
  const started = Date.now();
  const counts: VerifySummary = emptySummary();
  let firstFailure: VerifyReportLine["error"] | undefined;
  // Per pair, only for a job of several: the summary says which pairs did not all match.
  const tallies = new Map<PlannedPair, PairTally>(
    source.each ? pairs.map((pair) => [pair, { pair, counts: emptySummary() }]) : [],
  );
  // A million lines take minutes on the read budget: the same display as set's.
  const display = createProgressDisplay(io, {
    unit: "lines",
    intervalMs: options.progressIntervalMs,
    silent: options.quiet,
    // Rendered only on updates, which come from the reader.
    counts: () => progressCounts(counts, reader.settling),
  });
  // A first signal stops gracefully: the reads already paid for (the workspace's shared read
  // budget) get their answers and reach the report. A second one quits at once, with every
  // line decided so far on disk.
  const stop = gracefulStop({
    log: (line) => display.log(line),
    stopping: (signal) =>
      `${signal}: stopping; reads not sent yet are dropped, answers to reads already sent are awaited (repeat to quit at once)`,
    quitting: (signal) => {
      report?.flushSync();
      return `${signal} again: quitting at once${report ? `; the report holds the ${counts.total} lines decided so far` : ""}`;
    },
  });
  const reader = new PairReader({
    runtime,
    type: source.type,
    pairs,
    recordsOf: (pair) => source.recordsOf(pair),
    // A pair's lines are counted; the one pair of a plain job presizes with the whole input.
    expectedCount: (pair) => pair.lines ?? source.estimatedTotal,
    tagged: source.each,
    settleMs: options.settleMs,
    stop: stop.signal,
    final: async (line, pair) => {
      countLine(counts, line);
      if (line.outcome === "failed") firstFailure ??= line.error;
      const tally = tallies.get(pair);
      if (tally) countLine(tally.counts, line);
      job?.add(line);
      display.update(snapshot());
      if (report && !report.write(line)) await report.drain();
    },
    requested: (pair) => {
      counts.requests++;
      const tally = tallies.get(pair);
      if (tally) tally.counts.requests++;
    },
  });
  const snapshot = (): ProgressSnapshot => ({
    done: counts.total,
    total: source.estimatedTotal,
    succeeded: counts.matches,
    failed: counts.failed,
    invalid: counts.invalid,
    duplicates: counts.duplicates,
    requests: counts.requests,
  });

  let failure: unknown;
  try {
    await reader.run();
  } catch (error) {
    failure = error;
  } finally {
    display.stop(snapshot());
    await Promise.allSettled([runtime.close()]);
  }
  // The handlers stay until the report is closed: a second Ctrl-C meanwhile still flushes it.
  const closing = await Promise.allSettled([report?.close()]);
  stop.dispose();
  failure ??= closing.find((result) => result.status === "rejected")?.reason;
  if (failure !== undefined) {
    await finishFailedJob(job, failure);
    if (failure instanceof CliError) throw failure;
    const text = failure instanceof Error ? failure.message : String(failure);
    throw new CliError(redact(`unexpected error: ${text}`), ExitCode.unexpected, {
      cause: failure,
    });
  }
  counts.elapsedMs = Date.now() - started;
  return finishVerify({
    options,
    io,
    redact,
    source,
    counts,
    perPair: source.each ? [...tallies.values()] : undefined,
    firstFailure,
    stoppedBy: stop.stoppedBy(),
    job,
  });
}
