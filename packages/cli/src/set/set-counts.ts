import type { Progress } from "@braze-subscriptions/runtime";
import type { ProgressSnapshot } from "../progress/progress-snapshot.js";
import type { ReportLine } from "../report/report-line.js";
import type { GroupStopReason, StoppedGroups } from "../report/stopped-groups.js";
import type { RunSummary } from "../report/summary.js";

/** How many stopped groups of each reason the summary names. */
const NAMED_GROUPS = 3;

/**
 * The one tally of a `set` run. Rows are counted from the report lines the CLI hands over
 * (malformed and `--skip-unchanged` rows never reach the runtime, and the runtime's
 * `Progress` runs ahead of the batches taken so far), so what is counted is exactly what the
 * report holds. The request counters and the stop come from the runtime's `Progress`,
 * which alone sees them.
 */
export class SetCounts {
  #rows = { succeeded: 0, failed: 0, not_sent: 0, invalid: 0, duplicate: 0, unchanged: 0 };
  #resumed = 0;
  #firstFailure: string | undefined;
  #progress: Progress | undefined;
  /**
   * A multi-group job's first groups whose rows a repeated refusal (or the preflight) kept
   * back, by that reason, and whether more were.
   */
  readonly #stoppedGroups = new Map<GroupStopReason, { names: Set<string>; more: boolean }>();
  /** Rows kept back by `--limit`. */
  #pastLimit = 0;

  /** Counts one decided row. */
  add(line: ReportLine): void {
    this.#rows[line.outcome] += 1;
    if (line.resumed) this.#resumed += 1;
    if (line.outcome === "not_sent" && line.reason === "limit") this.#pastLimit += 1;
    if (line.outcome === "failed" && line.error)
      this.#firstFailure ??= `${line.error.code}: ${line.error.message}`;
    // A multi-group job stops a group, not the job, on a refusal of that group (repeated, or
    // the preflight read's of the group alone): the summary names it (the runtime's stop is
    // the first stopped group's, and does not say which).
    const reason = line.reason;
    const groupStop = reason === "systematic_failure" || reason === "preflight";
    if (line.outcome === "not_sent" && groupStop && line.group) {
      let groups = this.#stoppedGroups.get(reason);
      if (groups === undefined) {
        groups = { names: new Set(), more: false };
        this.#stoppedGroups.set(reason, groups);
      }
      if (groups.names.size < NAMED_GROUPS) groups.names.add(line.group);
      else if (!groups.names.has(line.group)) groups.more = true;
    }
  }

  /** Keeps the runtime's latest counters (for requests, retries and the stop). */
  progress(progress: Progress): void {
    this.#progress = progress;
  }

  /** Rows with a final outcome so far (every one is in the report). */
  get decided(): number {
    return Object.values(this.#rows).reduce((sum, n) => sum + n, 0);
  }

  /** Succeeded rows skipped thanks to the checkpoint. */
  get resumed(): number {
    return this.#resumed;
  }

  /**
   * The groups of a multi-group job whose rows were kept back by a repeated refusal or the
   * preflight read, by that reason (the first {@link NAMED_GROUPS} of each, and whether there
   * were more); `undefined` when none were.
   */
  get stoppedGroups(): StoppedGroups | undefined {
    if (this.#stoppedGroups.size === 0) return undefined;
    const named: StoppedGroups = {};
    for (const [reason, { names, more }] of this.#stoppedGroups)
      named[reason] = { names: [...names], more };
    return named;
  }

  /**
   * Whether `--limit` kept rows back: a stop found meanwhile (a group's refusal) shows over
   * the limit, and the summary names both.
   */
  get limitReached(): boolean {
    return this.#pastLimit > 0;
  }

  /** `code: message` of the first failure, so a refused key shows without the report. */
  get firstFailure(): string | undefined {
    return this.#firstFailure;
  }

  /** What the progress display shows; `total` is the input's estimated size. */
  snapshot(total: number | undefined): ProgressSnapshot {
    const rows = this.#rows;
    return {
      done: this.decided,
      total,
      succeeded: rows.succeeded,
      failed: rows.failed,
      invalid: rows.invalid,
      duplicates: rows.duplicate,
      requests: this.#progress?.requests ?? 0,
    };
  }

  /** The run's summary; `unchanged` only when `--skip-unchanged` asked for it. */
  summary(elapsedMs: number, skipUnchanged: boolean): RunSummary {
    const rows = this.#rows;
    // The run's own Ctrl-C or SIGTERM is its `stoppedBy`, said apart; a job's stop is the rest.
    const jobStop = this.#progress?.stopped;
    const stopped = jobStop?.reason === "stopped" ? undefined : jobStop;
    return {
      total: this.decided,
      valid: rows.succeeded + rows.failed + rows.not_sent,
      invalid: rows.invalid,
      duplicates: rows.duplicate,
      succeeded: rows.succeeded,
      failed: rows.failed,
      notSent: rows.not_sent,
      requests: this.#progress?.requests ?? 0,
      retries: this.#progress?.retries ?? 0,
      elapsedMs,
      ...(stopped ? { stopped } : {}),
      ...(skipUnchanged ? { unchanged: rows.unchanged } : {}),
    };
  }
}
