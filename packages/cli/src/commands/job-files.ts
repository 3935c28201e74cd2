import { JobLock } from "../checkpoint/job-lock.js";
import { OutputError } from "../errors.js";
import { assertDistinctFiles, type NamedFile } from "../files/distinct-files.js";
import { fileKey } from "../files/file-key.js";
import type { IdentifierSource } from "../input/open-identifier-source.js";
import type { CliIo } from "../io.js";
import type { ResolvedSetOptions } from "../options/set-options.js";

/** The files of a `set` run, each with what it is on disk. */
export interface JobFiles {
  input: NamedFile | undefined;
  report: NamedFile | undefined;
  checkpoint: NamedFile | undefined;
  /** The checkpoint's lock, once taken. */
  lock?: NamedFile | undefined;
  /** `--html`: the job page. */
  html: NamedFile | undefined;
}

/**
 * Resolves the input, report, checkpoint and page to files on disk and refuses any two that are one
 * file (a symlink, a hard link, a dangling link to another's path, stdin redirected from the
 * report), before anything is created or truncated.
 */
export async function jobFiles(
  options: ResolvedSetOptions,
  source: Pick<IdentifierSource, "key">,
  /** How the input was given (`verify --from-report` reads a set report). */
  inputFlag = "--input",
): Promise<JobFiles> {
  const files: JobFiles = {
    input: source.key && { flag: inputFlag, given: options.input, key: source.key },
    checkpoint:
      options.checkpoint === undefined || options.dryRun
        ? undefined
        : {
            flag: "--checkpoint",
            given: options.checkpoint,
            key: await fileKey(options.checkpoint),
          },
    report:
      options.report === undefined
        ? undefined
        : { flag: "--report", given: options.report, key: await fileKey(options.report) },
    html:
      options.html === undefined
        ? undefined
        : { flag: "--html", given: options.html, key: await fileKey(options.html) },
  };
  assertDistinctFiles([files.input, files.checkpoint, files.report, files.html]);
  return files;
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

/**
 * Adds to a failed write of the report or checkpoint (a full disk, a quota, a file size
 * limit) what to do and what a rerun will do, so the one line printed says how to go on.
 */
export function withRerunHint(error: unknown, rerun: Rerun): unknown {
  if (!(error instanceof OutputError)) return error;
  const tooLarge = (error.cause as { code?: string } | undefined)?.code === "EFBIG";
  const action = tooLarge
    ? "raise the file size limit (ulimit -f) or write it elsewhere"
    : "free some space";
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
