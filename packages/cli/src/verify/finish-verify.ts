import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { finishJob } from "../html-report/finish-job.js";
import type { JobRecorder } from "../html-report/job-recorder.js";
import { type CliIo, writeLine } from "../io.js";
import type { StopSignal } from "../stop-signals.js";
import type { VerifyReportLine } from "./verify-line.js";
import type { ResolvedVerifyOptions } from "./verify-options.js";
import type { VerifySource } from "./verify-source.js";
import {
  mismatched,
  type PairTally,
  summaryJson,
  summaryText,
  type VerifySummary,
} from "./verify-summary.js";

/** A `verify` run that read to its end or was stopped: what {@link finishVerify} tells of it. */
export interface FinishVerifyOf {
  /** With the first pair's group and state (a job of several pairs names each in `perPair`). */
  options: ResolvedVerifyOptions & { subscriptionGroupId: string; state: string };
  io: CliIo;
  redact: (text: string) => string;
  source: VerifySource;
  counts: VerifySummary;
  /** Per pair, for a job of several: which pairs did not all match. */
  perPair: PairTally[] | undefined;
  firstFailure: VerifyReportLine["error"] | undefined;
  stoppedBy: StopSignal | undefined;
  job: JobRecorder | undefined;
}

/**
 * Prints the summary (`--json`: one object on stdout), warns of a set report that may lack
 * rows, finishes the job page and record, and gives the exit code: 0 only when every line
 * matches and the report read back is whole, 3 otherwise, 130/143 when a signal stopped it.
 */
export async function finishVerify(of: FinishVerifyOf): Promise<ExitCodeValue> {
  const { options, io, redact, source, counts, perPair, stoppedBy } = of;
  writeLine(
    io.stdout,
    redact(
      options.json
        ? summaryJson(counts, perPair)
        : summaryText(
            counts,
            source.label,
            { ...options, firstFailure: of.firstFailure },
            stoppedBy,
            perPair,
          ),
    ),
  );
  // A set report that may lack rows (its run was interrupted) proves nothing about those.
  const gap = source.gap;
  if (gap !== undefined)
    writeLine(io.stderr, redact(`braze-subscriptions: warning: ${source.label}: ${gap}`));
  let code: ExitCodeValue =
    mismatched(counts) === 0 && gap === undefined ? ExitCode.ok : ExitCode.incomplete;
  // Stopped: the lines after the last one read were not verified, however well these match.
  if (stoppedBy) code = stoppedBy === "SIGINT" ? ExitCode.interrupted : ExitCode.terminated;
  await finishJob(of.job, code, options, io);
  return code;
}
