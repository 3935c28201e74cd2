import { access, rm } from "node:fs/promises";
import type { BrazeRuntime } from "@braze-subscriptions/runtime";
import { Checkpoint } from "../checkpoint/checkpoint-file.js";
import type { JobIdentity } from "../checkpoint/job-identity.js";
import type { JobFiles } from "../commands/job-files.js";
import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { fingerprintInput } from "../html-report/input-fingerprint.js";
import type { JobRecorder } from "../html-report/job-recorder.js";
import type { IdentifierSource } from "../input/open-identifier-source.js";
import type { ResolvedSetOptions } from "../options/set-options.js";
import { redactUrl } from "../redact.js";
import { keptByFailedOnly } from "../report/failed-only.js";
import { REPORT_COLUMNS, ROWS_REPORT_COLUMNS } from "../report/report-line.js";
import { ReportWriter } from "../report/report-writer.js";
import type { JobGroups } from "./job-groups.js";

/** What a `set` run writes as it goes, and how to close it all (the runtime too). */
export interface JobOutputs {
  checkpoint: Checkpoint | undefined;
  report: ReportWriter | undefined;
  /**
   * Closes the runtime, the checkpoint and the report, for a run that ends before it sends
   * (a refused preflight, a declined start); a checkpoint this run created is removed.
   */
  closeAll(): Promise<void>;
}

/** What {@link openJobOutputs} needs of the run. */
export interface JobOutputsOf {
  options: ResolvedSetOptions;
  groups: JobGroups;
  source: IdentifierSource;
  files: JobFiles;
  job: JobRecorder | undefined;
  runtime: BrazeRuntime;
  /** Masks the API key in every line the report writes. */
  redact: (text: string) => string;
}

/**
 * Opens the checkpoint (`--checkpoint`: the job's identity checked against the file's) and
 * the report (`--report`), in that order; when one cannot be opened, what was opened is
 * closed before the error is thrown.
 */
export async function openJobOutputs(run: JobOutputsOf): Promise<JobOutputs> {
  const { options, files, runtime } = run;
  const checkpointIsNew = options.checkpoint !== undefined && !(await exists(options.checkpoint));
  const checkpoint = await openCheckpoint(run).catch(async (error) => {
    await Promise.allSettled([runtime.close()]);
    throw error;
  });
  const outputs: JobOutputs = {
    checkpoint,
    report: undefined,
    async closeAll() {
      await Promise.allSettled([runtime.close(), checkpoint?.close(), outputs.report?.close()]);
      // A checkpoint this run created holds nothing: removing it lets a corrected command
      // (another group, say) start afresh instead of meeting "checkpoint of another job", and
      // a run refused before it sends leaves no file it created (a report it cannot open).
      // Where it was created: a dangling link given as --checkpoint leads there.
      if (checkpointIsNew && files.checkpoint) await rm(files.checkpoint.key.path, { force: true });
    },
  };
  outputs.report = await openReport(run).catch(async (error) => {
    await outputs.closeAll();
    throw error;
  });
  return outputs;
}

async function openCheckpoint(run: JobOutputsOf): Promise<Checkpoint | undefined> {
  const { options, groups, source, files, job } = run;
  if (options.checkpoint === undefined) return undefined;
  // The input's content names the job too (see JobIdentity), so it is hashed before anything
  // is sent (about 0.1 s for a million rows; the job page's hash is reused when it has one).
  const { sha256 } = await (job?.inputFingerprint() ?? fingerprintInput(options.input));
  return Checkpoint.open(options.checkpoint, jobIdentity(options, groups, source, sha256), {
    // CSV: the header is a line too.
    maxLine: (source.estimatedTotal ?? 0) + 1,
    protect: [files.input],
  });
}

async function openReport({ options, groups, files, redact }: JobOutputsOf) {
  if (options.report === undefined) return undefined;
  return ReportWriter.open(
    options.report,
    redact,
    [files.input, files.checkpoint, files.lock],
    // --failed-only: only rows that did not succeed (a duplicate or unchanged row did).
    options.failedOnly ? keptByFailedOnly : undefined,
    groups.kind === "rows" ? ROWS_REPORT_COLUMNS : REPORT_COLUMNS,
  );
}

function jobIdentity(
  options: ResolvedSetOptions,
  groups: JobGroups,
  source: IdentifierSource,
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
