import type { RefusedGroup } from "@braze-subscriptions/runtime";
import { warnIfInputChanged } from "../commands/job-files.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { finishJob } from "../html-report/finish-job.js";
import type { JobRecorder } from "../html-report/job-recorder.js";
import type { IdentifierSource } from "../input/open-identifier-source.js";
import { type CliIo, writeLine } from "../io.js";
import type { ResolvedSetOptions } from "../options/set-options.js";
import { summaryJson, summaryText } from "../report/summary.js";
import type { StopSignal } from "../stop-signals.js";
import type { SetCounts } from "./set-counts.js";

/** A `set` run that ended without an error: what {@link finishSet} tells of it. */
export interface FinishSetOf {
  options: ResolvedSetOptions;
  io: CliIo;
  redact: (text: string) => string;
  counts: SetCounts;
  elapsedMs: number;
  /** The source read: its label names the input in the summary. */
  source: IdentifierSource;
  /** The source as opened, whose file is checked for changes made during the run. */
  opened: IdentifierSource;
  stoppedBy: StopSignal | undefined;
  refusedGroups: readonly RefusedGroup[];
  /** A checkpoint was kept: a changed input then needs a fresh run. */
  checkpointed: boolean;
  job: JobRecorder | undefined;
}

/**
 * Prints the summary (`--json`: one object on stdout), finishes the job page and record, and
 * gives the exit code: 0 only when every valid identifier succeeded; a stop other than a
 * reached `--limit` is exit 4, a signal 130 or 143, an input changed during the run 3.
 */
export async function finishSet(of: FinishSetOf): Promise<ExitCodeValue> {
  const { options, io, counts, stoppedBy } = of;
  const summary = counts.summary(of.elapsedMs, options.skipUnchanged);
  writeLine(
    io.stdout,
    of.redact(
      options.json
        ? summaryJson(summary)
        : summaryText(summary, {
            inputLabel: of.source.label,
            resumed: counts.resumed,
            report: options.report,
            failedOnly: options.failedOnly,
            checkpoint: options.checkpoint,
            stoppedBy,
            firstFailure: counts.firstFailure,
            stoppedGroups: counts.stoppedGroups,
            groupsRefusedFirst: of.refusedGroups.length > 0,
            limitReached: counts.limitReached,
          }),
    ),
  );
  let code: ExitCodeValue =
    summary.invalid + summary.failed > 0 ? ExitCode.incomplete : ExitCode.ok;
  // A limit reached is what was asked for (a canary); any other stop is not.
  if (summary.stopped && summary.stopped.reason !== "limit") code = ExitCode.stopped;
  if (stoppedBy) code = stoppedBy === "SIGINT" ? ExitCode.interrupted : ExitCode.terminated;
  if (await warnIfInputChanged(of.opened, io, of.checkpointed)) code = ExitCode.incomplete;
  await finishJob(of.job, code, options, io);
  return code;
}
