import { operationMetadata } from "@braze-subscriptions/client";
import {
  multiGroupRulesOf,
  type Outcome,
  planSetStatus,
  type SetStatusRow,
} from "@braze-subscriptions/runtime";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { finishJob } from "../html-report/finish-job.js";
import type { JobRecorder } from "../html-report/job-recorder.js";
import { RUNTIME_FIELD } from "../input/identifier-type.js";
import type { InputRecord } from "../input/input-record.js";
import { LineMap } from "../input/line-map.js";
import type { IdentifierSource } from "../input/open-identifier-source.js";
import { type CliIo, writeLine } from "../io.js";
import { formatDuration } from "../options/duration.js";
import { formatRateLimit, type RateLimitRule } from "../options/rate-limit.js";
import type { ResolvedSetOptions } from "../options/set-options.js";
import { createProgressDisplay } from "../progress/progress-display.js";
import { malformedReportLine } from "../report/malformed-line.js";
import { REPORT_COLUMNS, type ReportLine, ROWS_REPORT_COLUMNS } from "../report/report-line.js";
import { ReportWriter } from "../report/report-writer.js";
import type { JobGroups } from "../set/job-groups.js";
import { rowOfRecord } from "../set/row-of-record.js";
import { type JobFiles, warnIfInputChanged, withRerunHint } from "./job-files.js";
import { outcomeToReportLine } from "./outcome-to-report-line.js";

/** The plan `--dry-run` prints; `--json` prints exactly these keys. */
export interface DryRunSummary {
  dryRun: true;
  total: number;
  valid: number;
  invalid: number;
  duplicates: number;
  /** Requests the run would send (before any retry); with `--limit`, for its first n valid. */
  requests: number;
  /** With `--limit` only: the valid identifiers past it, which the run would not send. */
  notSent?: number;
  /** The least time those requests take at the rate limit. */
  minDurationMs: number;
  rateLimit: RateLimitRule;
  elapsedMs: number;
}

/**
 * `set --dry-run`: reads and validates the whole input, counts what would be sent, sends
 * nothing and needs no API key. The report, if asked for, lists the invalid and duplicate
 * identifiers (the valid ones have no outcome yet). A multi-group job's rows are planned as
 * `setStatus(rows)` packs them (multi-group requests), read as `set` reads them.
 */
export async function runDryRun(
  options: ResolvedSetOptions,
  groups: JobGroups,
  source: IdentifierSource,
  io: CliIo,
  redact: (text: string) => string,
  files: JobFiles,
  job?: JobRecorder,
): Promise<ExitCodeValue> {
  try {
    return await dryRun(options, groups, source, io, redact, files, job);
  } catch (error) {
    throw withRerunHint(error, "dry-run");
  }
}

async function dryRun(
  options: ResolvedSetOptions,
  groups: JobGroups,
  source: IdentifierSource,
  io: CliIo,
  redact: (text: string) => string,
  files: JobFiles,
  job: JobRecorder | undefined,
): Promise<ExitCodeValue> {
  const started = Date.now();
  const rateLimit = options.rateLimit ?? defaultRateLimit();
  const report =
    options.report === undefined
      ? undefined
      : await ReportWriter.open(
          options.report,
          redact,
          [files.input],
          undefined,
          groups.kind === "rows" ? ROWS_REPORT_COLUMNS : REPORT_COLUMNS,
        );
  const lineMap = new LineMap();
  let malformed = 0;
  const display = createProgressDisplay(io, {
    unit: "ids",
    intervalMs: options.progressIntervalMs,
    silent: options.quiet,
    counts: "plan",
  });
  let seen = 0;
  /** Rows invalid before the runtime sees them (no group or state from cell nor flag). */
  let invalidHere = 0;
  /** What the plan decided so far, for the progress line. */
  const planned = { invalid: 0, duplicates: 0 };
  const pendingWrites: Array<{ outcome: Outcome; target?: RowTarget }> = [];
  // The group and state of the row read last: the plan classifies a row as soon as it is
  // read, so an outcome (invalid, duplicate) is always that row's.
  let lastTarget: RowTarget | undefined;

  async function* records(): AsyncGenerator<InputRecord & { kind: "identifier" }> {
    for await (const record of source.records) {
      if (record.kind === "malformed") {
        malformed += 1;
        await writeHere(malformedReportLine(record, source.type));
        continue;
      }
      // Outcomes arrive through the synchronous onOutcome; writing them here, between two
      // reads, lets the report's back-pressure pace the plan.
      if (pendingWrites.length > 0 && !flushPending() && report) await report.drain();
      seen += 1;
      if ((seen & 0xffff) === 0) {
        display.update({
          // Malformed records are rows too (an invalid line each), as the summary counts them.
          done: seen + malformed,
          total: source.estimatedTotal,
          succeeded: 0,
          failed: 0,
          invalid: planned.invalid + invalidHere + malformed,
          duplicates: planned.duplicates,
          requests: 0,
        });
      }
      yield record;
    }
  }

  async function* identifiers(): AsyncGenerator<string> {
    for await (const record of records()) {
      lineMap.push(record.line);
      yield record.id;
    }
  }

  async function* rows(defaults: JobGroups & { kind: "rows" }): AsyncGenerator<SetStatusRow> {
    for await (const record of records()) {
      const verdict = rowOfRecord(record, defaults, source.type, options.doubleOptIn);
      if (verdict.kind === "invalid") {
        invalidHere += 1;
        await writeHere(verdict.line);
        continue;
      }
      lineMap.push(record.line);
      lastTarget = verdict.target;
      yield verdict.row;
    }
  }

  async function writeHere(line: ReportLine): Promise<void> {
    job?.add(line);
    if (report && !report.write(line)) await report.drain();
  }

  const plan = await planSetStatus(
    groups.kind === "rows"
      ? rows(groups)
      : {
          subscriptionGroupId: groups.subscriptionGroupId,
          state: groups.state,
          [RUNTIME_FIELD[source.type]]: identifiers(),
        },
    {
      rateLimit,
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      // The line count of a file (a pipe has none): the duplicate detector is then allocated
      // once, which is what keeps a 10-million-line dry run under 200 MB (see the README).
      ...(source.estimatedTotal === undefined ? {} : { expectedCount: source.estimatedTotal }),
      onOutcome: (outcome: Outcome) => {
        if (outcome.outcome === "invalid") planned.invalid += 1;
        else if (outcome.outcome === "duplicate") planned.duplicates += 1;
        if (report || job)
          pendingWrites.push(lastTarget ? { outcome, target: lastTarget } : { outcome });
      },
    },
  );
  flushPending();
  await report?.close();
  display.stop({
    done: seen + malformed,
    total: seen + malformed,
    succeeded: 0,
    failed: 0,
    invalid: plan.invalid + invalidHere + malformed,
    duplicates: plan.duplicates,
    requests: 0,
  });

  const summary: DryRunSummary = {
    dryRun: true,
    total: plan.total + malformed + invalidHere,
    valid: plan.valid,
    invalid: plan.invalid + malformed + invalidHere,
    duplicates: plan.duplicates,
    requests: plan.requests,
    ...(options.limit === undefined ? {} : { notSent: plan.notSent }),
    minDurationMs: plan.minDurationMs,
    rateLimit,
    elapsedMs: Date.now() - started,
  };
  writeLine(
    io.stdout,
    options.json ? JSON.stringify(summary) : dryRunText(summary, source, groups),
  );
  let code: ExitCodeValue = summary.invalid > 0 ? ExitCode.incomplete : ExitCode.ok;
  if (await warnIfInputChanged(source, io, false)) code = ExitCode.incomplete;
  // Valid identifiers have no report line in a dry run: the page counts them as not sent.
  job?.count("not_sent", summary.valid);
  await finishJob(job, code, options, io);
  return code;

  /** Writes the buffered outcomes; false when the report asks to wait for a drain. */
  function flushPending(): boolean {
    let ok = true;
    for (const { outcome, target } of pendingWrites.splice(0)) {
      const line = outcomeToReportLine(outcome, lineMap.lineOf(outcome.index) ?? 0, target);
      job?.add(line);
      ok = (report?.write(line) ?? true) && ok;
    }
    return ok;
  }
}

/** The group and state a multi-group row's report line shows. */
type RowTarget = { group: string; state: string };

function defaultRateLimit(): RateLimitRule {
  const { limit, intervalMs } = operationMetadata.setSubscriptionStatus.rateLimit;
  return { limit, intervalMs };
}

function dryRunText(summary: DryRunSummary, source: IdentifierSource, groups: JobGroups): string {
  const n = (value: number) => value.toLocaleString("en-US").padStart(12);
  // A multi-group request's cap holds for all its groups together.
  const cap =
    groups.kind === "rows"
      ? `${multiGroupRulesOf().maxIdentifiers} identifiers of any groups`
      : `${operationMetadata.setSubscriptionStatus.requestBody.listFields[source.type].maxItems} identifiers`;
  return [
    `Dry run, nothing sent: ${summary.total.toLocaleString("en-US")} identifiers (${source.type}) in ${source.label}`,
    `  valid      ${n(summary.valid)}`,
    `  invalid    ${n(summary.invalid)}`,
    `  duplicates ${n(summary.duplicates)}`,
    `  requests   ${n(summary.requests)} (up to ${cap} each)`,
    ...(summary.notSent === undefined
      ? []
      : [`  not sent   ${n(summary.notSent)} (valid, past --limit)`]),
    `  at least ${formatDuration(summary.minDurationMs)} at the rate limit of ${formatRateLimit(summary.rateLimit)}`,
  ].join("\n");
}
