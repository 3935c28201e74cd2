import { type FileHandle, open } from "node:fs/promises";
import type { Hooks } from "@braze-subscriptions/runtime";
import { UsageError } from "../errors.js";
import { type ExitCodeValue, exitCodeMeanings } from "../exit-codes.js";
import { describeFsError } from "../input/open-input.js";
import { FailureSample, type OutcomeLine } from "./failure-sample.js";
import { fingerprintInput } from "./input-fingerprint.js";
import type { InputFingerprint, JobDescription, JobPageData } from "./job-page-data.js";
import { removeJobRecord, writeJobRecord } from "./job-record-file.js";
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
}

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
  private readonly failures = new FailureSample();
  private readonly timeline: TimelineRecorder | undefined;
  private readonly startedAt = new Date();

  private constructor(
    private readonly start: JobStart,
    private readonly page: FileHandle | undefined,
    private readonly input: Promise<InputFingerprint>,
  ) {
    this.timeline = start.sends ? new TimelineRecorder() : undefined;
  }

  /**
   * Opens the page file (so an unwritable path fails before any work, as a usage error),
   * removes a stale job record and starts hashing the input. `undefined` when the job has
   * neither `--html` nor `--report`.
   */
  static async start(start: JobStart): Promise<JobRecorder | undefined> {
    if (start.html === undefined && start.job.report === null) return undefined;
    let page: FileHandle | undefined;
    if (start.html !== undefined) {
      try {
        page = await open(start.html, "w");
      } catch (error) {
        throw new UsageError(`cannot write page ${start.html}: ${describeFsError(error)}`, {
          cause: error,
        });
      }
    }
    if (start.job.report !== null) await removeJobRecord(start.job.report);
    return new JobRecorder(start, page, fingerprintInput(start.input));
  }

  /** The runtime hooks that record the timeline (none for a job that sends nothing). */
  hooks(): Hooks {
    return this.timeline?.hooks() ?? {};
  }

  /** Counts one report line (one identifier's outcome) and keeps it if it did not succeed. */
  add(line: OutcomeLine): void {
    this.lines[line.outcome] = (this.lines[line.outcome] ?? 0) + 1;
    this.failures.add(line);
  }

  /** Sets the count of an outcome no report line carries (a dry run's `not_sent`). */
  count(outcome: string, n: number): void {
    this.unreported[outcome] = n;
  }

  /**
   * Writes the job record (with `--report`) and the page (with `--html`); resolves with the
   * page's path. Called once, after the report is closed and the exit code is known.
   */
  async finish(exitCode: number): Promise<string | undefined> {
    const timeline = this.timeline?.toJSON() ?? null;
    const job: JobDescription = {
      ...this.start.job,
      input: await this.input,
      startedAt: this.startedAt.toISOString(),
      endedAt: new Date().toISOString(),
      exitCode,
      exitMeaning: exitCodeMeanings[exitCode as ExitCodeValue] ?? null,
    };
    if (job.report !== null)
      await writeJobRecord(job.report, {
        job,
        reportLines: this.lines,
        unreported: this.unreported,
        timeline,
      });
    if (this.page === undefined) return undefined;
    const { renderPage } = await import("./render-page.js");
    const data: JobPageData = {
      version: 1,
      job,
      outcomes: { ...this.lines, ...this.unreported },
      failures: this.failures.toJSON(),
      timeline,
    };
    try {
      await this.page.writeFile(await renderPage(data));
    } finally {
      await this.page.close();
    }
    return this.start.html;
  }
}
