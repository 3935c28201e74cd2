import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Hooks } from "@braze-subscriptions/runtime";
import { UsageError } from "../errors.js";
import { type ExitCodeValue, exitCodeMeanings } from "../exit-codes.js";
import { checkWritable } from "../files/check-writable.js";
import type { NamedFile } from "../files/distinct-files.js";
import { describeFsError } from "../files/fs-error.js";
import { openOutput } from "../files/open-output.js";
import { redactStrings } from "../redact.js";
import { FailureSample, isResumedSuccess, type OutcomeLine } from "./failure-sample.js";
import { fingerprintInput } from "./input-fingerprint.js";
import type { InputFingerprint, JobDescription, JobPageData, JobPair } from "./job-page-data.js";
import { removeJobRecord, writeJobRecord } from "./job-record-file.js";
import { PairTally } from "./pair-tally.js";
import { TimelineRecorder } from "./timeline-recorder.js";

/** What a command tells {@link JobRecorder.start} about its job. */
export interface JobStart {
  /** The job's facts known at its start; times, exit code and input are filled in here. */
  job: Omit<JobDescription, "input" | "startedAt" | "endedAt" | "exitCode" | "exitMeaning">;
  /** The input path as given (`-` for stdin), fingerprinted beside the job. */
  input: string;
  /** `--html`: the page to write at the end. */
  html: string | undefined;
  /** Whether requests are sent (a dry run sends none, so it has no timeline). */
  sends: boolean;
  /** The job's other files (input, checkpoint, report): the page and the record never overwrite them. */
  protect: ReadonlyArray<NamedFile | undefined>;
  /**
   * Whether an attempt of this operation (its operationId) draws on the budget the job keeps
   * (`job.rateLimit`); the page counts those against it.
   * @default every attempt
   */
  drawsOnBudget?: (operation: string) => boolean;
  /**
   * What the command's exit codes mean, for the page's `Exit code` and banner.
   * @default `set`'s ({@link exitCodeMeanings})
   */
  exitMeanings?: Readonly<Partial<Record<ExitCodeValue, string>>>;
  /**
   * Whether the job's rows carry their own group and state (a `set` with those columns): the
   * record and the page then list the pairs its report lines had (see {@link PairTally}).
   */
  pairsFromLines?: boolean;
  /** Masks the key in every string of the record and the page, whatever it came from. */
  redact: (text: string) => string;
  /**
   * Which rows the report file holds, when not all (`set --failed-only`): the record counts
   * the others as `unreported`, so it matches the report and `report --html` shows them.
   * @default every row
   */
  reportKeeps?: (line: OutcomeLine) => boolean;
}

/**
 * What {@link JobRecorder.finish} did with the page: its path when written, or why it could
 * not be (the job's own result stands: the page is derived from the report).
 */
export type PageOutcome =
  | { written: string }
  | { failed: string; message: string; report: string | null }
  | undefined;

/**
 * Collects what a job page shows while the job runs — outcome counts and a capped sample of
 * the rows that did not succeed (from the report lines), and the per-second timeline (from
 * the runtime's hooks) — then writes the page (`--html`) and the job record beside the report
 * (`--report`). Commands call {@link add} for every report line and {@link finish} once.
 */
export class JobRecorder {
  /** Report lines per outcome. */
  private readonly lines: Record<string, number> = {};
  /** Outcomes without report lines. */
  private readonly unreported: Record<string, number> = {};
  /** Rows the report file leaves out (`--failed-only`), per outcome. */
  private readonly leftOut: Record<string, number> = {};
  /** Succeeded rows an earlier run did: with a report line, and left out of the report. */
  private readonly resumed = { lines: 0, leftOut: 0 };
  private readonly failures: FailureSample;
  private readonly pairs: PairTally | undefined;
  private readonly timeline: TimelineRecorder | undefined;
  private readonly startedAt = new Date();

  private constructor(
    private readonly start: JobStart,
    private readonly input: Promise<InputFingerprint>,
    /** The report whose job record this run keeps beside it (see {@link keepsRecord}). */
    private readonly recordOf: string | null,
  ) {
    this.timeline = start.sends ? new TimelineRecorder(Date.now, start.drawsOnBudget) : undefined;
    this.failures = new FailureSample(undefined, start.redact);
    this.pairs = start.pairsFromLines ? new PairTally() : undefined;
  }

  /**
   * Checks that the page could be written (so a bad path fails before any work, as a usage
   * error), removes a stale job record and starts hashing the input. The page itself is only
   * created at {@link finish}: a job that fails before its end leaves no empty page behind.
   * `undefined` when the job has neither `--html` nor `--report`.
   */
  static async start(start: JobStart): Promise<JobRecorder | undefined> {
    if (start.html === undefined && start.job.report === null) return undefined;
    if (start.html !== undefined) {
      await checkWritable(start.html).catch((error: unknown) => {
        throw pageError(start.html as string, error);
      });
    }
    const recordOf =
      start.job.report !== null && (await keepsRecord(start.job.report)) ? start.job.report : null;
    if (recordOf !== null) await removeJobRecord(recordOf, start.protect);
    return new JobRecorder(start, fingerprintInput(start.input), recordOf);
  }

  /** The input's name, size and SHA-256, hashed since the job started. */
  inputFingerprint(): Promise<InputFingerprint> {
    return this.input;
  }

  /** The runtime hooks that record the timeline (none for a job that sends nothing). */
  hooks(): Hooks {
    return this.timeline?.hooks() ?? {};
  }

  /** Counts one report line (one identifier's outcome) and keeps it if it did not succeed. */
  add(line: OutcomeLine): void {
    const kept = this.start.reportKeeps?.(line) ?? true;
    const counts = kept ? this.lines : this.leftOut;
    counts[line.outcome] = (counts[line.outcome] ?? 0) + 1;
    if (isResumedSuccess(line)) this.resumed[kept ? "lines" : "leftOut"] += 1;
    this.failures.add(line);
    this.pairs?.add(line);
  }

  /** Sets the count of an outcome no report line carries (a dry run's `not_sent`). */
  count(outcome: string, n: number): void {
    this.unreported[outcome] = n;
  }

  /** Outcomes without a report line: counted with {@link count}, or left out of the report. */
  private unreportedCounts(): Record<string, number> {
    return addCounts(this.unreported, this.leftOut);
  }

  /**
   * Writes the job record (with `--report`) and the page (with `--html`). Called once, after
   * the report is closed and the exit code is known. A record that cannot be written rejects
   * (it belongs with the report); a page that cannot be written resolves with why, so the
   * caller can say so without changing the job's exit code.
   */
  async finish(exitCode: number): Promise<PageOutcome> {
    const timeline = this.timeline?.toJSON() ?? null;
    // The target and the command are masked already; an error message of the failure
    // sample (a proxy echoing the key in a body) or an input path are not.
    const { redact } = this.start;
    const job: JobDescription = redactStrings(
      {
        ...this.start.job,
        ...pairsOf(this.pairs),
        input: await this.input,
        startedAt: this.startedAt.toISOString(),
        endedAt: new Date().toISOString(),
        exitCode,
        exitMeaning:
          (this.start.exitMeanings ?? exitCodeMeanings)[exitCode as ExitCodeValue] ?? null,
      },
      redact,
    );
    if (this.recordOf !== null)
      await writeJobRecord(
        this.recordOf,
        {
          job,
          reportLines: this.lines,
          unreported: this.unreportedCounts(),
          unreportedResumed: this.resumed.leftOut,
          timeline,
        },
        this.start.protect,
      );
    const path = this.start.html;
    if (path === undefined) return undefined;
    const data: JobPageData = {
      version: 1,
      job,
      outcomes: addCounts(this.lines, this.unreportedCounts()),
      resumed: this.resumed.lines + this.resumed.leftOut,
      failures: redactStrings(this.failures.toJSON(), redact),
      timeline,
    };
    try {
      const { renderPage } = await import("./render-page.js");
      await writePage(path, await renderPage(data), this.start.protect);
    } catch (error) {
      // writePage's errors name the page already; the script's (a broken install) do not.
      const message =
        error instanceof UsageError
          ? error.message
          : `cannot write page ${path}: ${error instanceof Error ? error.message : String(error)}`;
      // The page is written again from the report and its record: none without a record.
      return { failed: path, message, report: this.recordOf };
    }
    return { written: path };
  }
}

/** Paths that name a process's streams or devices, whatever they lead to. */
const DEVICE_PATHS = /^\/(dev|proc)\//;

/**
 * Whether a job record is kept beside the report: not when the report is not a regular file
 * (`/dev/null`, `/dev/stdout` on a terminal or a pipe, `--report >(gzip > r.gz)`), which is
 * written as it is. Beside `/dev/fd/63` nothing can be created, and beside `/dev/null` nothing
 * should be; `report` and `verify --from-report` read regular files only, so no command would
 * read such a record. A report not created yet will be a regular file.
 */
async function keepsRecord(report: string): Promise<boolean> {
  // `/dev/stdout` redirected to a file is a regular file once its links are followed, and
  // `/dev/stdout.job.json` is no place for a record (a user may not write in /dev).
  if (DEVICE_PATHS.test(resolve(report))) return false;
  try {
    return (await stat(report)).isFile();
  } catch {
    // Not there yet (created as a file), or not reachable: opening the report says why.
    return true;
  }
}

/** `{ pairs }` when the tally has a list to show, else nothing. */
function pairsOf(tally: PairTally | undefined): { pairs?: JobPair[] } {
  const pairs = tally?.pairs();
  return pairs === undefined ? {} : { pairs };
}

/**
 * Writes a rendered page through {@link openOutput}: never over one of `protect` (compared
 * as files, from the open descriptor), never through a link to one. Errors are usage errors
 * naming the page.
 */
export async function writePage(
  path: string,
  page: string,
  protect: ReadonlyArray<NamedFile | undefined>,
): Promise<void> {
  try {
    const handle = await openOutput(path, "--html", protect);
    try {
      await handle.write(page);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw pageError(path, error);
  }
}

function pageError(path: string, error: unknown): UsageError {
  if (error instanceof UsageError) return error;
  return new UsageError(`cannot write page ${path}: ${describeFsError(error)}`, { cause: error });
}

/** Counts per outcome of two records, added up (an outcome may be in both). */
export function addCounts(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): Record<string, number> {
  const sum: Record<string, number> = Object.assign(Object.create(null), a);
  for (const [name, n] of Object.entries(b))
    sum[name] = (Object.hasOwn(sum, name) ? (sum[name] as number) : 0) + n;
  return sum;
}
