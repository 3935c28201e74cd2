import { access, rm } from "node:fs/promises";
import {
  type BatchResult,
  likelyCauseOf,
  type PreflightCheck,
  type RefusedGroup,
  refusesGroupAlone,
  type SetStatusRow,
} from "@braze-subscriptions/runtime";
import { Checkpoint } from "../checkpoint/checkpoint-file.js";
import type { JobIdentity } from "../checkpoint/job-identity.js";
import { CliError, UsageError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import type { NamedFile } from "../files/distinct-files.js";
import { finishFailedJob, finishJob } from "../html-report/finish-job.js";
import { fingerprintInput } from "../html-report/input-fingerprint.js";
import type { JobRecorder } from "../html-report/job-recorder.js";
import { startSetJob } from "../html-report/start-job.js";
import { RUNTIME_FIELD } from "../input/identifier-type.js";
import { LineMap } from "../input/line-map.js";
import { type IdentifierSource, openIdentifierSource } from "../input/open-identifier-source.js";
import { type CliIo, writeLine } from "../io.js";
import type { ResolvedSetOptions } from "../options/set-options.js";
import { createProgressDisplay } from "../progress/progress-display.js";
import { createStoreWaitNotice } from "../progress/store-wait-notice.js";
import { createRedactor, redactUrl } from "../redact.js";
import { keptByFailedOnly } from "../report/failed-only.js";
import { malformedReportLine } from "../report/malformed-line.js";
import { REPORT_COLUMNS, type ReportLine, ROWS_REPORT_COLUMNS } from "../report/report-line.js";
import { ReportWriter } from "../report/report-writer.js";
import { summaryJson, summaryText } from "../report/summary.js";
import { type JobGroups, jobGroupsOf } from "../set/job-groups.js";
import { preflightGroupOf, rowOfRecord } from "../set/row-of-record.js";
import { SetCounts } from "../set/set-counts.js";
import { skipUnchanged } from "../set/skip-unchanged.js";
import { announceStart } from "../start/announce-start.js";
import { jobRateLimit } from "../start/job-plan.js";
import { preflightStart } from "../start/preflight-start.js";
import { onStopSignals, type StopSignal } from "../stop-signals.js";
import { createRuntime } from "./create-runtime.js";
import {
  type JobFiles,
  jobFiles,
  lockCheckpoint,
  warnIfInputChanged,
  withRerunHint,
} from "./job-files.js";
import { outcomeToReportLine } from "./outcome-to-report-line.js";
import { runDryRun } from "./run-dry-run.js";
import { STATUS_READ_PERMISSION } from "./settings-refusal.js";
import { SkipWindow } from "./skip-window.js";
import { stderrLogger } from "./stderr-logger.js";

/**
 * The code of a preflight stop the rate-limit store caused (a read that cannot tell goes on):
 * Redis refused for good, e.g. a foreign value at the bucket's key.
 */
const STORE_REFUSED = "rate_limiter_unavailable";

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
  const checkpointIsNew = options.checkpoint !== undefined && !(await exists(options.checkpoint));
  // The input's content names the job too (see JobIdentity), so it is hashed before anything
  // is sent (about 0.1 s for a million rows; the job page's hash is reused when it has one).
  const inputSha256 =
    options.checkpoint === undefined
      ? undefined
      : (await (job?.inputFingerprint() ?? fingerprintInput(options.input))).sha256;
  const checkpoint =
    options.checkpoint === undefined
      ? undefined
      : await Checkpoint.open(
          options.checkpoint,
          jobIdentity(options, groups, opened, inputSha256),
          {
            // CSV: the header is a line too.
            maxLine: (opened.estimatedTotal ?? 0) + 1,
            protect: [files.input],
          },
        ).catch(async (error) => {
          await Promise.allSettled([runtime.close()]);
          throw error;
        });
  let report: ReportWriter | undefined;
  const closeAll = async () => {
    await Promise.allSettled([runtime.close(), checkpoint?.close(), report?.close()]);
    // A checkpoint this run created holds nothing: removing it lets a corrected command
    // (another group, say) start afresh instead of meeting "checkpoint of another job", and
    // a run refused before it sends leaves no file it created (a report it cannot open).
    // Where it was created: a dangling link given as --checkpoint leads there.
    if (checkpointIsNew && files.checkpoint) await rm(files.checkpoint.key.path, { force: true });
  };
  report =
    options.report === undefined
      ? undefined
      : await ReportWriter.open(
          options.report,
          redact,
          [files.input, files.checkpoint, files.lock],
          // --failed-only: only rows that did not succeed (a duplicate or unchanged row did).
          options.failedOnly ? keptByFailedOnly : undefined,
          groups.kind === "rows" ? ROWS_REPORT_COLUMNS : REPORT_COLUMNS,
        ).catch(async (error) => {
          await closeAll();
          throw error;
        });
  let maxFailures: number | undefined;
  // Every usage check has passed (one line, no block, for those); nothing is sent yet. The
  // preflight read comes next, so that a wrong key or instance is one line and exit 2.
  // --no-preflight: no read; the first writes meet a wrong key or group (fail fast still stops).
  let preflight: Awaited<ReturnType<typeof preflightStart>> = { check: undefined, source: opened };
  try {
    if (options.preflight)
      preflight = await preflightStart(
        runtime,
        groups.kind === "one"
          ? () => groups.subscriptionGroupId
          : (record) => preflightGroupOf(record, groups),
        opened,
        groups.kind === "rows",
      );
  } catch (error) {
    await closeAll();
    throw error;
  }
  const source = preflight.source;
  const { check } = preflight;
  const refused = check?.outcome === "stopped" ? check.error : undefined;
  // Groups Braze refused alone: the CLI's read's, or (when none of the first records is a row
  // the job sends, so the CLI read nothing) the runtime's own read's, of the first request.
  const refusedGroups = [...refusedGroupsOf(check)];
  // Redis refusing for good (a namespace another application uses, a user that may not run
  // scripts) is told as its refused password is: one line, exit 2, nothing sent.
  if (refused?.code === STORE_REFUSED) {
    await closeAll();
    throw new UsageError(
      `cannot use Redis (--redis-url or BRAZE_REDIS_URL): ${refused.message}; nothing was sent to Braze`,
    );
  }
  if (refused && !refusesGroupAlone(refused.status)) {
    await closeAll();
    throw new UsageError(`${refused.message}; nothing was sent`);
  }
  // --skip-unchanged reads before it writes: a key that may not read would have every read
  // refused and every row sent, the budget the flag was given to save.
  if (options.skipUnchanged && check?.outcome === "unchecked" && check.status === 403) {
    await closeAll();
    throw new UsageError(
      `--skip-unchanged reads the current states first, and ${likelyCauseOf(403, STATUS_READ_PERMISSION)} (HTTP 403): grant it, or run without --skip-unchanged; nothing was sent`,
    );
  }
  if (refused) {
    // A refused group: nothing is sent, and the report still gets a line for every row.
    io.stderr.write(`braze-subscriptions: ${redact(refused.message)}; nothing is sent\n`);
  } else {
    if (check?.outcome === "unchecked") {
      io.stderr.write(
        `braze-subscriptions: warning: could not check the key, instance and group before sending: ${redact(check.message)}; going on\n`,
      );
    }
    // A multi-group job whose first groups Braze refused alone goes on with the others.
    for (const group of refusedGroups) io.stderr.write(`${refusedGroupWarning(group, redact)}\n`);
    const start = await announceStart(options, groups, source, io).catch(async (error: unknown) => {
      await closeAll();
      throw error;
    });
    if (!start.proceed) {
      await closeAll();
      return ExitCode.interrupted;
    }
    maxFailures = start.plan.maxFailures;
  }

  const started = Date.now();
  const lineMap = new LineMap();
  const skip = new SkipWindow();
  const counts = new SetCounts();
  const snapshot = () => counts.snapshot(source.estimatedTotal);

  // A first signal is a graceful stop, not an abort: an aborted request may already have been
  // applied by Braze without us seeing the answer. The runtime stops reading, drops requests
  // not sent yet (waiting for a slot, for Redis, or in a retry's backoff: reported `aborted`,
  // not checkpointed, so the rerun sends them) and awaits the answers of those on the wire.
  // A second signal quits at once, after putting every row decided so far on disk.
  let stoppedBy: StopSignal | undefined;
  const stop = new AbortController();
  const disposeSignals = onStopSignals(
    (signal) => {
      stoppedBy = signal;
      display.log(
        `${signal}: stopping; requests not sent yet are dropped (the rerun sends them), answers to requests already sent are awaited${checkpoint ? ", then the checkpoint is saved" : ""} (repeat to quit at once)`,
      );
      stop.abort();
    },
    (signal) => {
      storeWait.stop();
      report?.flushSync();
      checkpoint?.flushSync();
      display.log(
        `${signal} again: quitting at once${report ? `; the report holds the ${counts.decided} rows decided so far` : ""}; rerun the same command to resume`,
      );
    },
  );

  /** Settles a row here, not in the runtime: a malformed one, a multi-group job's own, or one --skip-unchanged's reads settled. */
  const settleHere = async (line: ReportLine) => {
    counts.add(line);
    job?.add(line);
    if (report && !report.write(line)) await report.drain();
  };

  async function* identifiers(): AsyncGenerator<string> {
    for await (const record of source.records) {
      if (record.kind === "malformed") {
        await settleHere(malformedReportLine(record, source.type));
        continue;
      }
      lineMap.push(record.line);
      if (checkpoint?.done.has(record.line)) skip.add(record.id);
      yield record.id;
    }
  }

  // A multi-group job: the group and state each row is sent with, by the runtime's index,
  // from reading until its outcome (so only the rows in the runtime's window are held).
  const rowTargets = new Map<number, { group: string; state: string }>();
  async function* rows(defaults: JobGroups & { kind: "rows" }): AsyncGenerator<SetStatusRow> {
    for await (const record of source.records) {
      if (record.kind === "malformed") {
        await settleHere(malformedReportLine(record, source.type));
        continue;
      }
      const verdict = rowOfRecord(record, defaults, source.type, options.doubleOptIn);
      if (verdict.kind === "invalid") {
        await settleHere(verdict.line);
        continue;
      }
      const { row, target } = verdict;
      if (checkpoint?.done.has(record.line)) skip.add(rowKey(target.group, record.id));
      rowTargets.set(lineMap.push(record.line), target);
      yield row;
    }
  }

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
          identifiers(),
          lineMap,
          {
            // Settled without a write, but rows of the job all the same: the summary, the
            // page and the job record count them as the report does (one path for all three).
            settle: async (line) => {
              await settleHere(line);
              display.update(snapshot());
            },
          },
        )
      : undefined;
  const writeLines = filtered?.lines ?? lineMap;

  const take = async (batch: BatchResult) => {
    const succeededLines: number[] = [];
    try {
      for (const outcome of batch.outcomes) {
        const line = writeLines.lineOf(outcome.index) ?? 0;
        if (outcome.outcome === "succeeded" && !outcome.skipped) succeededLines.push(line);
        const target = rowTargets.get(outcome.index);
        rowTargets.delete(outcome.index);
        // A row naming no identifier (id null) was never put in the window.
        if (checkpoint?.done.has(line) && outcome.id !== null)
          skip.release(target ? rowKey(target.group, outcome.id) : outcome.id);
        const reportLine = outcomeToReportLine(outcome, line, target);
        counts.add(reportLine);
        job?.add(reportLine);
        if (report && !report.write(reportLine)) await report.drain();
      }
    } finally {
      // Saved even when the report cannot take their lines (a full disk): no resend.
      checkpoint?.record(succeededLines);
    }
    // The kill bound: successes not yet synced are sent again after a SIGKILL. At most
    // `concurrency` requests are on the wire or answered but not handed over yet (the
    // runtime's window); past as many more waiting for the checkpoint's fdatasync, results
    // are not taken (so no request is sent) until they are durable. At most
    // 2 × concurrency requests' identifiers can be resent, however slow the disk.
    if (checkpoint && checkpoint.unsynced >= runtime.concurrency) await checkpoint.flush();
    display.update(snapshot());
  };

  let failure: unknown;
  try {
    const stream = runtime.setStatusStream(
      groups.kind === "rows"
        ? rows(groups)
        : {
            subscriptionGroupId: groups.subscriptionGroupId,
            state: groups.state,
            [RUNTIME_FIELD[source.type]]: filtered?.ids ?? identifiers(),
            ...(options.doubleOptIn ? { useDoubleOptIn: true } : {}),
          },
      {
        stopSignal: stop.signal,
        onProgress: (progress) => counts.progress(progress),
        ...(checkpoint
          ? {
              alreadySucceeded: (_type: string, id: string, group: string) =>
                skip.has(groups.kind === "rows" ? rowKey(group, id) : id),
            }
          : {}),
        ...(source.estimatedTotal === undefined ? {} : { expectedCount: source.estimatedTotal }),
        // --skip-unchanged: the reads de-duplicated already; one detector is enough.
        ...(filtered ? { deduplicate: false } : {}),
        ...(options.limit === undefined ? {} : { limit: options.limit }),
        ...(maxFailures === undefined ? {} : { maxFailures }),
        ...(options.preflight ? {} : { preflight: false }),
        ...(check === undefined ? {} : { preflight: check }),
        // Told only of the runtime's own read (the CLI's check is given as is).
        onPreflight: (found: PreflightCheck) => {
          for (const group of refusedGroupsOf(found)) {
            refusedGroups.push(group);
            display.log(refusedGroupWarning(group, redact));
          }
        },
      },
    );
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
  disposeSignals();
  failure ??= closing.find((result) => result.status === "rejected")?.reason;
  failure = withRerunHint(failure, checkpoint === undefined ? "resends" : "resumes");
  if (failure !== undefined) {
    await finishFailedJob(job, failure);
    if (failure instanceof CliError) throw failure;
    throw new CliError(redact(`unexpected error: ${describe(failure)}`), ExitCode.unexpected, {
      cause: failure,
    });
  }

  const summary = counts.summary(Date.now() - started, options.skipUnchanged);
  writeLine(
    io.stdout,
    redact(
      options.json
        ? summaryJson(summary)
        : summaryText(summary, {
            inputLabel: source.label,
            resumed: counts.resumed,
            report: options.report,
            failedOnly: options.failedOnly,
            checkpoint: options.checkpoint,
            stoppedBy,
            firstFailure: counts.firstFailure,
            stoppedGroups: counts.stoppedGroups,
            groupsRefusedFirst: refusedGroups.length > 0,
            limitReached: counts.limitReached,
          }),
    ),
  );
  let code: ExitCodeValue =
    summary.invalid + summary.failed > 0 ? ExitCode.incomplete : ExitCode.ok;
  // A limit reached is what was asked for (a canary); any other stop is not.
  if (summary.stopped && summary.stopped.reason !== "limit") code = ExitCode.stopped;
  if (stoppedBy) code = stoppedBy === "SIGINT" ? ExitCode.interrupted : ExitCode.terminated;
  if (await warnIfInputChanged(opened, io, checkpoint !== undefined)) code = ExitCode.incomplete;
  await finishJob(job, code, options, io);
  return code;
}

/** The groups of a multi-group job that a preflight check found Braze refuses alone. */
function refusedGroupsOf(check: PreflightCheck | undefined): readonly RefusedGroup[] {
  return (check?.outcome !== "stopped" && check?.refusedGroups) || [];
}

/**
 * The warning of a group Braze refused alone: its rows are not sent, the others go on. Masked
 * whole: the group id is the file's cell, and a wrong column may hold the key itself.
 */
function refusedGroupWarning(group: RefusedGroup, redact: (text: string) => string): string {
  return redact(
    `braze-subscriptions: warning: group ${JSON.stringify(group.subscriptionGroupId)}: ${group.error.message}; its rows are not sent, the other groups go on`,
  );
}

/** The checkpoint window's key of a multi-group row: an identifier is done per group. */
function rowKey(group: string, id: string): string {
  return `${group}\u0000${id}`;
}

function jobIdentity(
  options: ResolvedSetOptions,
  groups: JobGroups,
  source: Awaited<ReturnType<typeof openIdentifierSource>>,
  sha256: string | null | undefined,
): JobIdentity {
  const target = options.target;
  if (!source.identity || !target)
    throw new CliError("a checkpoint needs a file input and a target", ExitCode.usage);
  return {
    input: { ...source.identity, sha256: sha256 ?? null },
    // A multi-group job: its columns, and the defaults of their empty cells.
    subscriptionGroupId:
      groups.kind === "one"
        ? groups.subscriptionGroupId
        : `column:${groups.columns.group ?? ""};default:${groups.defaultGroup ?? ""}`,
    state:
      groups.kind === "one"
        ? groups.state
        : `column:${groups.columns.state ?? ""};default:${groups.defaultState ?? ""}`,
    type: source.type,
    column: source.column,
    doubleOptIn: options.doubleOptIn,
    // A key pasted into the URL's path stays out of the file, however the URL encodes it
    // (and rotating it keeps the job).
    target:
      "instance" in target
        ? `instance:${target.instance}`
        : `url:${redactUrl(target.baseUrl, [options.apiKey])}`,
  };
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
