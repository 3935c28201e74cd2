import { CliError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import type { NamedFile } from "../files/distinct-files.js";
import { finishFailedJob } from "../html-report/finish-job.js";
import type { JobRecorder } from "../html-report/job-recorder.js";
import { startSetJob } from "../html-report/start-job.js";
import { type IdentifierSource, openIdentifierSource } from "../input/open-identifier-source.js";
import type { CliIo } from "../io.js";
import type { ResolvedSetOptions } from "../options/set-options.js";
import { createProgressDisplay } from "../progress/progress-display.js";
import { createStoreWaitNotice } from "../progress/store-wait-notice.js";
import { createRedactor } from "../redact.js";
import type { ReportLine } from "../report/report-line.js";
import { batchTaker } from "../set/batch-taker.js";
import { finishSet } from "../set/finish-set.js";
import { gracefulStop } from "../set/graceful-stop.js";
import { type JobGroups, jobGroupsOf } from "../set/job-groups.js";
import { jobInput } from "../set/job-input.js";
import { openJobOutputs } from "../set/job-outputs.js";
import { SetCounts } from "../set/set-counts.js";
import { skipUnchanged } from "../set/skip-unchanged.js";
import { passStartGate, refusedGroupWarning } from "../set/start-gate.js";
import { writeStream } from "../set/write-stream.js";
import { jobRateLimit } from "../start/job-plan.js";
import { createRuntime } from "./create-runtime.js";
import { type JobFiles, jobFiles, lockCheckpoint, withRerunHint } from "./job-files.js";
import { runDryRun } from "./run-dry-run.js";
import { stderrLogger } from "./stderr-logger.js";

/**
 * `braze-subscriptions set`: streams the input through the runtime, writes the report and
 * the checkpoint as batches complete, shows progress, and stops cleanly on SIGINT/SIGTERM.
 * `argv` (the command line, for the job page) is masked before it is shown anywhere.
 */
export async function runSet(
  options: ResolvedSetOptions,
  io: CliIo,
  argv: readonly string[] = [],
): Promise<ExitCodeValue> {
  const redact = createRedactor([options.apiKey]);
  const source = await openIdentifierSource(options.input, options.format, io.stdin);
  const groups = jobGroupsOf(options, source);
  // Every file of the job, derived ones included, is checked here, before anything exists.
  const files = await jobFiles(options, source);
  if (options.dryRun) {
    const job = await startSetJob(options, groups, argv, io.env, protectedBy(files));
    return runDryRun(options, groups, source, io, redact, files, job);
  }
  // One run per checkpoint at a time; the lock is taken before the report or its job record
  // is touched (a run refused by the lock leaves the running job's files alone).
  const lock = await lockCheckpoint(files);
  try {
    const locked: JobFiles = { ...files, lock: lock?.file };
    const job = await startSetJob(options, groups, argv, io.env, protectedBy(locked));
    return await runLocked(options, groups, io, redact, source, locked, job);
  } finally {
    lock?.release();
  }
}

/** The files the job page and the job record are never written over (checked again then). */
function protectedBy(files: JobFiles): Array<NamedFile | undefined> {
  return [files.input, files.checkpoint, files.lock, files.report];
}

/**
 * A `set` run once its checkpoint is locked, as named steps: the runtime and the job's
 * outputs, the start gate (preflight read, start block), the input read into the runtime's
 * stream with each batch of outcomes taken into the report and checkpoint, then the summary
 * and exit code.
 */
async function runLocked(
  options: ResolvedSetOptions,
  groups: JobGroups,
  io: CliIo,
  redact: (text: string) => string,
  opened: IdentifierSource,
  files: JobFiles,
  job: JobRecorder | undefined,
): Promise<ExitCodeValue> {
  const rule = jobRateLimit(options.rateLimit);
  const display = createProgressDisplay(io, {
    unit: "ids",
    intervalMs: options.progressIntervalMs,
    silent: options.quiet,
    pace: { limit: rule.limit * (options.share ?? 1), intervalMs: rule.intervalMs },
  });
  const storeWait = createStoreWaitNotice((line) => display.log(line), options.progressIntervalMs);
  const runtime = await createRuntime(options, stderrLogger(io.stderr), "writes", {
    ...job?.hooks(),
    onLimiterStoreUnavailable: storeWait.onLimiterStoreUnavailable,
    onLimiterStoreRecovered: storeWait.onLimiterStoreRecovered,
  });
  const outputs = await openJobOutputs({
    options,
    groups,
    source: opened,
    files,
    job,
    runtime,
    redact,
  });
  const { checkpoint, report, closeAll } = outputs;
  // Every usage check has passed (one line, no block, for those); nothing is sent yet.
  const gate = await passStartGate({
    options,
    groups,
    source: opened,
    runtime,
    io,
    redact,
    closeAll,
  });
  if (!gate.proceed) return gate.code;
  const { source, refusedGroups } = gate;

  const started = Date.now();
  const counts = new SetCounts();
  const snapshot = () => counts.snapshot(source.estimatedTotal);
  const stop = gracefulStop({
    log: (line) => display.log(line),
    stopTimers: () => storeWait.stop(),
    report,
    checkpoint,
    decided: () => counts.decided,
  });
  /** Counts a report line, and writes it to the report and the job page. */
  const record = async (line: ReportLine) => {
    counts.add(line);
    job?.add(line);
    if (report && !report.write(line)) await report.drain();
  };
  const input = jobInput({ source, checkpoint, doubleOptIn: options.doubleOptIn, settle: record });
  // --skip-unchanged: reads first; only identifiers whose state would change reach the writes.
  const filtered =
    options.skipUnchanged && groups.kind === "one"
      ? skipUnchanged(
          runtime,
          {
            subscriptionGroupId: groups.subscriptionGroupId,
            state: groups.state,
            type: source.type,
            expectedCount: source.estimatedTotal,
          },
          input.identifiers(),
          input.lines,
          {
            // Settled without a write, but rows of the job all the same: the summary, the
            // page and the job record count them as the report does (one path for all three).
            settle: async (line) => {
              await record(line);
              display.update(snapshot());
            },
          },
        )
      : undefined;
  const take = batchTaker({
    input,
    writeLines: filtered?.lines ?? input.lines,
    checkpoint,
    concurrency: runtime.concurrency,
    record,
    taken: () => display.update(snapshot()),
  });

  let failure: unknown;
  try {
    const stream = writeStream({
      runtime,
      options,
      groups,
      input,
      changing: filtered?.ids,
      checkpoint,
      gate,
      stopSignal: stop.signal,
      counts,
      onRefusedGroup: (group) => {
        refusedGroups.push(group);
        display.log(refusedGroupWarning(group, redact));
      },
    });
    for await (const batch of stream) await take(batch);
  } catch (error) {
    failure = error;
  } finally {
    storeWait.stop();
    display.stop(snapshot());
    await Promise.allSettled([runtime.close?.()]);
  }
  // Saved even when the run failed: what succeeded must not be sent again. The signal
  // handlers stay until then: a second Ctrl-C while closing still flushes and exits 130.
  const closing = await Promise.allSettled([checkpoint?.close(), report?.close()]);
  stop.dispose();
  failure ??= closing.find((result) => result.status === "rejected")?.reason;
  failure = withRerunHint(failure, checkpoint === undefined ? "resends" : "resumes");
  if (failure !== undefined) {
    await finishFailedJob(job, failure);
    if (failure instanceof CliError) throw failure;
    throw new CliError(redact(`unexpected error: ${describe(failure)}`), ExitCode.unexpected, {
      cause: failure,
    });
  }
  return finishSet({
    options,
    io,
    redact,
    counts,
    elapsedMs: Date.now() - started,
    source,
    opened,
    stoppedBy: stop.stoppedBy(),
    refusedGroups,
    checkpointed: checkpoint !== undefined,
    job,
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
