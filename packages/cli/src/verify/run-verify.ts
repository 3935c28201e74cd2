import type { ReadOutcome } from "@braze-subscriptions/runtime";
import { createRuntime } from "../commands/create-runtime.js";
import { jobFiles } from "../commands/job-files.js";
import { stderrLogger } from "../commands/stderr-logger.js";
import { CliError, UsageError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { finishFailedJob, finishJob } from "../html-report/finish-job.js";
import { startJob } from "../html-report/start-job.js";
import { type IdentifierType, RUNTIME_FIELD } from "../input/identifier-type.js";
import type { InputRecord } from "../input/input-record.js";
import { LineMap } from "../input/line-map.js";
import { openIdentifierSource } from "../input/open-identifier-source.js";
import { type CliIo, writeLine } from "../io.js";
import { formatDuration } from "../options/duration.js";
import { createProgressDisplay } from "../progress/progress-display.js";
import type { ProgressSnapshot } from "../progress/progress-snapshot.js";
import { createRedactor } from "../redact.js";
import { ReportWriter } from "../report/report-writer.js";
import { onStopSignals, type StopSignal } from "../stop-signals.js";
import { openSetReport } from "./read-set-report.js";
import { VERIFY_REPORT_COLUMNS, type VerifyReportLine, verifyLine } from "./verify-line.js";
import type { ResolvedVerifyOptions } from "./verify-options.js";

/** The counts `verify --json` prints, with these keys. */
export interface VerifySummary {
  total: number;
  matches: number;
  differs: number;
  unknown: number;
  invalid: number;
  failed: number;
  /** Lines repeating an earlier line's identifier (read once, not counted as mismatches). */
  duplicates: number;
  requests: number;
  elapsedMs: number;
}

/** Time between two re-reads of the lines that do not match yet, under `--settle`. */
const SETTLE_ROUND_MS = 500;

/**
 * `braze-subscriptions verify`: reads back the state of every input line (or of every
 * succeeded line of a `set` report) with `GET /subscription/status/get`, on the read budget,
 * and compares it with `--state`. With `--settle`, lines that differ or are unknown are read
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
  const { source, verified } =
    given.fromReport === undefined
      ? {
          source: await openIdentifierSource(given.input, given.format, io.stdin),
          verified: { subscriptionGroupId: given.subscriptionGroupId, state: given.state },
        }
      : await openSetReport(given.fromReport, given).then((report) => ({
          source: report,
          verified: report.job,
        }));
  // With --from-report, --group and --state may come from the set job's record.
  const options = { ...given, ...verified };
  // The report, its job record and the page never overwrite the input, the job record of a
  // set report read back, or each other, however they are named (checked before anything).
  const files = await jobFiles(
    options,
    source,
    options.fromReport === undefined ? "--input" : "--from-report",
  );
  if ("rowColumns" in source && source.rowColumns !== undefined) {
    throw new UsageError(
      `verify reads one group, and ${source.label} gives each row its group or state (columns): verify the set job's report per group instead, with --from-report <report.ndjson> --group <id> --state <s>`,
    );
  }
  const job = await startJob(
    options,
    {
      kind: "verify",
      operation: "getSubscriptionStatus",
      input: options.fromReport ?? options.input,
      sends: true,
      protect: [files.input, files.inputRecord, files.report],
      groups: { groups: [options.subscriptionGroupId], states: [options.state] },
    },
    argv,
    io.env,
  );
  const runtime = await createRuntime(options, stderrLogger(io.stderr), "reads", job?.hooks());
  const report =
    options.report === undefined
      ? undefined
      : await ReportWriter.open(
          options.report,
          redact,
          [files.input, files.inputRecord, files.html],
          undefined,
          VERIFY_REPORT_COLUMNS,
        ).catch(async (error) => {
          await runtime.close();
          throw error;
        });
  const started = Date.now();
  const expected = options.state;
  // A million lines take minutes on the read budget: the same display as set's.
  const display = createProgressDisplay(io, {
    unit: "lines",
    intervalMs: options.progressIntervalMs,
    silent: options.quiet,
    counts: () => verifyCounts(counts, pending.length),
  });
  const counts: VerifySummary = {
    total: 0,
    matches: 0,
    differs: 0,
    unknown: 0,
    invalid: 0,
    failed: 0,
    duplicates: 0,
    requests: 0,
    elapsedMs: 0,
  };
  // Lines still to settle: kept only under --settle, and only those that do not match.
  let pending: VerifyReportLine[] = [];
  const settle = options.settleMs > 0;

  // A first signal stops gracefully: the reads already paid for (the workspace's shared read
  // budget) get their answers and reach the report. A second one quits at once, with every
  // line decided so far on disk.
  let stoppedBy: StopSignal | undefined;
  const stop = new AbortController();
  const disposeSignals = onStopSignals(
    (signal) => {
      stoppedBy = signal;
      display.log(
        `${signal}: stopping; reads not sent yet are dropped, answers to reads already sent are awaited (repeat to quit at once)`,
      );
      stop.abort();
    },
    (signal) => {
      report?.flushSync();
      display.log(
        `${signal} again: quitting at once${report ? `; the report holds the ${counts.total} lines decided so far` : ""}`,
      );
    },
  );

  const final = async (line: VerifyReportLine) => {
    counts.total++;
    if (line.outcome === "matches") counts.matches++;
    else if (line.outcome === "duplicate") counts.duplicates++;
    else counts[line.outcome]++;
    job?.add(line);
    display.update(snapshot());
    if (report && !report.write(line)) await report.drain();
  };
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
    const lineMap = new LineMap();
    async function* identifiers(records: AsyncIterable<InputRecord>): AsyncGenerator<string> {
      for await (const record of records) {
        if (record.kind === "malformed") {
          await final({
            line: record.line,
            id: null,
            type: source.type,
            outcome: "invalid",
            state: null,
            error: { code: "malformed_csv", message: record.message },
          });
          continue;
        }
        lineMap.push(record.line);
        yield record.id;
      }
    }
    await readAll(
      identifiers(source.records),
      source.type,
      source.estimatedTotal,
      async (outcome) => {
        const line = verifyLine(outcome, lineMap.lineOf(outcome.index) ?? 0, expected);
        if (settle && (line.outcome === "differs" || line.outcome === "unknown"))
          pending.push(line);
        else await final(line);
      },
    );

    const deadline = Date.now() + options.settleMs;
    while (pending.length > 0 && Date.now() < deadline && !stop.signal.aborted) {
      await pause(Math.min(SETTLE_ROUND_MS, deadline - Date.now()), stop.signal);
      if (stop.signal.aborted) break;
      const round = pending;
      pending = [];
      await readAll(
        round.map((line) => line.id as string),
        source.type,
        round.length,
        async (outcome) => {
          const before = round[outcome.index] as VerifyReportLine;
          const line = verifyLine(outcome, before.line, expected);
          // Stopped before this re-read left: the line keeps what its last read found.
          if (outcome.outcome === "failed" && outcome.error.code === "aborted" && stoppedBy)
            await final(before);
          else if (line.outcome === "differs" || line.outcome === "unknown") pending.push(line);
          else await final(line);
        },
      );
    }
    const unsettled = pending;
    pending = [];
    for (const line of unsettled) await final(line);
  } catch (error) {
    failure = error;
  } finally {
    display.stop(snapshot());
    await Promise.allSettled([runtime.close()]);
  }
  // The handlers stay until the report is closed: a second Ctrl-C meanwhile still flushes it.
  const closing = await Promise.allSettled([report?.close()]);
  disposeSignals();
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
  writeLine(
    io.stdout,
    redact(
      options.json ? summaryJson(counts) : summaryText(counts, source.label, options, stoppedBy),
    ),
  );
  const mismatched = counts.differs + counts.unknown + counts.invalid + counts.failed;
  // A set report that may lack rows (its run was interrupted) proves nothing about those.
  const gap = "gap" in source ? source.gap : undefined;
  if (gap !== undefined)
    writeLine(io.stderr, redact(`braze-subscriptions: warning: ${source.label}: ${gap}`));
  let code: ExitCodeValue =
    mismatched === 0 && gap === undefined ? ExitCode.ok : ExitCode.incomplete;
  // Stopped: the lines after the last one read were not verified, however well these match.
  if (stoppedBy) code = stoppedBy === "SIGINT" ? ExitCode.interrupted : ExitCode.terminated;
  await finishJob(job, code, options, io);
  return code;

  /** Reads every identifier once on the read budget, handing each outcome over in order of arrival. */
  async function readAll(
    ids: Iterable<string> | AsyncIterable<string>,
    type: IdentifierType,
    /** How many ids there are, when known: presizes the duplicate detector. */
    expectedCount: number | undefined,
    take: (outcome: ReadOutcome) => Promise<void>,
  ): Promise<void> {
    const stream = runtime.getStatusStream(
      { subscriptionGroupId: options.subscriptionGroupId, [RUNTIME_FIELD[type]]: ids },
      {
        stopSignal: stop.signal,
        ...(expectedCount === undefined ? {} : { expectedCount }),
      },
    );
    for await (const batch of stream) {
      if (batch.request) counts.requests++;
      for (const outcome of batch.outcomes) await take(outcome);
    }
  }
}

/** What a progress line says of a verify job's lines so far. */
function verifyCounts(summary: VerifySummary, settling: number): string {
  const { matches, differs, unknown, failed, requests } = summary;
  const waiting = settling > 0 ? `, ${settling} settling` : "";
  return `${matches} match, ${differs} differ, ${unknown} unknown, ${failed} failed${waiting}, ${requests} reads`;
}

function summaryJson(summary: VerifySummary): string {
  const { total, matches, differs, unknown, invalid, failed, duplicates, requests, elapsedMs } =
    summary;
  return JSON.stringify({
    total,
    matches,
    differs,
    unknown,
    invalid,
    failed,
    duplicates,
    requests,
    elapsedMs,
  });
}

function summaryText(
  summary: VerifySummary,
  label: string,
  options: ResolvedVerifyOptions,
  stoppedBy: StopSignal | undefined,
): string {
  const all = summary.total - summary.duplicates;
  const where = `${options.state} in group ${options.subscriptionGroupId}`;
  const verdict =
    stoppedBy !== undefined
      ? `stopped by ${stoppedBy}: ${all} lines of ${label} read, ${all - summary.matches} of them not ${where}; lines not read were not verified (rerun to verify them)`
      : summary.matches === all
        ? `every line of ${label} is ${where}`
        : `${all - summary.matches} of ${all} lines of ${label} are not ${where}`;
  return [
    `verify: ${verdict}`,
    `  matches ${summary.matches}, differs ${summary.differs}, unknown ${summary.unknown}, invalid ${summary.invalid}, failed ${summary.failed}, duplicates ${summary.duplicates}`,
    `  ${summary.requests} reads in ${formatDuration(summary.elapsedMs)}${options.settleMs > 0 ? ` (settling up to ${formatDuration(options.settleMs)})` : ""}${options.report ? `; report: ${options.report}` : ""}`,
  ].join("\n");
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
