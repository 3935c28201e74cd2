import { JobLock, LOCK_FLAG, lockPath } from "../checkpoint/job-lock.js";
import { OutputError, UsageError } from "../errors.js";
import { assertDistinctFiles, type NamedFile } from "../files/distinct-files.js";
import { type FileKey, fileKey } from "../files/file-key.js";
import { jobRecordFlag, jobRecordPath } from "../html-report/job-record-file.js";
import type { IdentifierSource } from "../input/open-identifier-source.js";
import type { CliIo } from "../io.js";
import type { ResolvedSetOptions } from "../options/set-options.js";

/**
 * The files of a job (`set`, `verify`, `report`), each with what it is on disk: those named by
 * flags and those derived from them, which are written or read just the same.
 */
export interface JobFiles {
  /** What the job reads: `--input`, `--from-report`, or the report `report` renders. */
  input: NamedFile | undefined;
  /** When the input is a report of an earlier run: its job record (`<report>.job.json`). */
  inputRecord: NamedFile | undefined;
  checkpoint: NamedFile | undefined;
  /**
   * The checkpoint's lock (`<checkpoint>.lock`): where it will be, until the run takes it;
   * then the lock file itself.
   */
  lock: NamedFile | undefined;
  report: NamedFile | undefined;
  /** The report's job record (`<report>.job.json`), removed at the start, written at the end. */
  record: NamedFile | undefined;
  /** `--html`: the job page. */
  html: NamedFile | undefined;
}

/** The paths a job was given, for {@link resolveJobFiles}. */
export interface JobPaths {
  /** What the job reads: its flag, the path as given, and its key (none for a stream). */
  input: { flag: string; given: string; key: FileKey | undefined };
  /** The input is a report of an earlier run, whose job record beside it is kept whole too. */
  inputIsReport: boolean;
  checkpoint: string | undefined;
  report: string | undefined;
  html: string | undefined;
}

/**
 * The one rule that keeps a job's outputs off its inputs and off each other, for every
 * command: resolves every file the job reads or writes to a file on disk — the named ones and
 * the ones derived from them (a report's job record, a checkpoint's lock, the record of a
 * report read back) — and refuses any two that are one file (the same path, a symlink, a hard
 * link, a dangling link to another's path, stdin redirected from the report), with a usage
 * error naming both. Nothing is created, truncated or removed before this passes: a run
 * refused here leaves every file as it was and sends nothing.
 */
export async function resolveJobFiles(paths: JobPaths): Promise<JobFiles> {
  const { input: read } = paths;
  const input = read.key && { flag: read.flag, given: read.given, key: read.key };
  const checkpoint = await named("--checkpoint", paths.checkpoint);
  const report = await named("--report", paths.report);
  const files: JobFiles = {
    input,
    inputRecord: paths.inputIsReport
      ? await named(jobRecordFlag(read.flag), jobRecordPath(read.given))
      : undefined,
    checkpoint,
    lock: checkpoint && (await named(LOCK_FLAG, lockPath(checkpoint.key))),
    report,
    record: report && (await named(jobRecordFlag("--report"), jobRecordPath(report.given))),
    html: await named("--html", paths.html),
  };
  // In this order, so that a message names the later file first ("--report x and --input x").
  assertDistinctFiles([
    files.input,
    files.inputRecord,
    files.checkpoint,
    files.lock,
    files.report,
    files.record,
    files.html,
  ]);
  return files;
}

/**
 * The files of a `set` or `verify` run (see {@link resolveJobFiles}); a dry run has no
 * checkpoint.
 */
export function jobFiles(
  options: ResolvedSetOptions,
  source: Pick<IdentifierSource, "key">,
  /** How the input was given (`verify --from-report` reads a set report). */
  inputFlag: "--input" | "--from-report" = "--input",
): Promise<JobFiles> {
  return resolveJobFiles({
    input: { flag: inputFlag, given: options.input, key: source.key },
    inputIsReport: inputFlag === "--from-report",
    checkpoint: options.dryRun ? undefined : options.checkpoint,
    report: options.report,
    html: options.html,
  });
}

async function named(flag: string, given: string | undefined): Promise<NamedFile | undefined> {
  if (given === undefined) return undefined;
  // `--html "$PAGE"` with PAGE unset: refused here, before anything is sent. The job page is
  // only written when the job ends, so an empty name used to fail after a whole job had run.
  if (given.trim() === "") throw new UsageError(`${flag} must name a file`);
  return { flag, given, key: await fileKey(given) };
}

/** Takes the checkpoint's lock when there is a checkpoint (see {@link JobLock}). */
export async function lockCheckpoint(files: JobFiles): Promise<JobLock | undefined> {
  return files.checkpoint && JobLock.take(files.checkpoint.key, files.checkpoint.given);
}

/** What a rerun does after an output could not be written. */
export type Rerun = "resumes" | "resends" | "dry-run";

const RERUN: Record<Rerun, string> = {
  resumes: "rerun the same command: it resumes from the checkpoint",
  resends:
    "rerun: without --checkpoint every identifier is sent again (setting a state twice is harmless)",
  "dry-run": "rerun (a dry run sends nothing)",
};

/** What to do about a failed write, by its error code; a full disk or a quota otherwise. */
const ACTIONS: Readonly<Record<string, string>> = {
  EFBIG: "raise the file size limit (ulimit -f) or write it elsewhere",
  // `--report >(head -c 10)`: the pipe's reader went away.
  EPIPE: "write it where it is kept (the reader of that pipe went away)",
  // `--report /proc/self/status`, a file that takes no such write.
  EINVAL: "write it to a regular file",
};

/**
 * Adds to a failed write of the report or checkpoint (a full disk, a quota, a file size
 * limit, a pipe whose reader went away) what to do and what a rerun will do, so the one line
 * printed says how to go on.
 */
export function withRerunHint(error: unknown, rerun: Rerun): unknown {
  if (!(error instanceof OutputError)) return error;
  const code = (error.cause as { code?: string } | undefined)?.code;
  const action = (code !== undefined ? ACTIONS[code] : undefined) ?? "free some space";
  return new OutputError(`${error.message}; ${action} and ${RERUN[rerun]}`, error.path, {
    cause: error.cause,
  });
}

/**
 * Says on stderr when the input changed while it was read (truncated, rewritten, replaced):
 * the run then read a mix or a part of it. Returns true if it did (the run exits 3).
 */
export async function warnIfInputChanged(
  source: IdentifierSource,
  io: CliIo,
  checkpoint: boolean,
): Promise<boolean> {
  const change = await source.changedSinceOpened();
  if (change === undefined) return false;
  const after = checkpoint ? "; the checkpoint no longer matches it: delete it to start over" : "";
  io.stderr.write(
    `braze-subscriptions: input ${source.label} ${change} during the run: this run did not read it as it was at the start; rerun once it stops changing${after}\n`,
  );
  return true;
}
