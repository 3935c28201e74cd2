import type { OnSystematicFailure } from "../fail-fast/circuits.js";
import type { PreflightCheck, PreflightJob } from "../fail-fast/preflight-read.js";
import { preflightRows } from "../fail-fast/rows-preflight.js";
import type { BatchSender } from "../http/batch-sender.js";
import { jobBoundsOf } from "../pipeline/job-bounds.js";
import type { AcceptedItem, PreflightStop } from "../pipeline/job-steps.js";
import type { JobStop, Progress } from "../vocabulary/outcome.js";
import type { SetStatusOptions } from "./set-status-input.js";
import { writeOutcomes } from "./write-outcomes.js";

/**
 * The step a job runs before its first write, given the job's group and first valid
 * identifier: a cheap read that proves key, instance and group (see `preflightRead`).
 */
export type PreflightStep = (
  job: PreflightJob,
  signal: AbortSignal,
  /** A job of rows: a group refused alone may stop only that group. */
  ofRows?: boolean,
) => Promise<PreflightCheck>;

/** What the bulk writes need from the runtime. */
export interface BulkContext {
  send: BatchSender;
  /** Scrubbed from what the job's errors say (the abort's reason is the caller's value). */
  apiKey: string;
  /** Most requests this call keeps in flight (bounds memory with the consumer's pace). */
  concurrency: number;
  /** Total pauses of the bucket so far (for `Progress.rateLimited`). */
  rateLimitedCount: () => number;
  /** Identical refusals in a row that stop a job once a request succeeded (`failFast.consecutive`). */
  failFastConsecutive: number;
  /** Told when a job (or a group of a job of rows) stops on a systematic failure. */
  onSystematicFailure?: OnSystematicFailure;
  /** Run once before the first write (unless the call's `preflight` is false). */
  preflight?: PreflightStep;
}

/** Creates the counters of one call. */
export function newProgress(): Progress {
  return {
    total: 0,
    valid: 0,
    invalid: 0,
    duplicates: 0,
    succeeded: 0,
    failed: 0,
    inFlight: 0,
    notSent: 0,
    requests: 0,
    retries: 0,
    rateLimited: 0,
  };
}

/**
 * What every write job shares: its outcomes and counters, signals, bounds and progress
 * (used by the rows too, see `runSetRows`).
 */
export function writeJobOptions(ctx: BulkContext, options: SetStatusOptions, progress: Progress) {
  const bounds = jobBoundsOf(options, "setStatus");
  const rateLimitedAtStart = ctx.rateLimitedCount();
  return {
    ...writeOutcomes(progress),
    apiKey: ctx.apiKey,
    signal: options.signal,
    stopSignal: options.stopSignal,
    limit: bounds.limit,
    maxFailures: bounds.maxFailures,
    concurrency: ctx.concurrency,
    counts: progress,
    onStopped: (stop: JobStop) => {
      progress.stopped = stop;
    },
    report: (view: { inFlight: number }) => {
      progress.inFlight = view.inFlight;
      progress.rateLimited = ctx.rateLimitedCount() - rateLimitedAtStart;
      options.onProgress?.({ ...progress });
    },
  };
}

/**
 * The preflight step of a write job, unless the call turned it off: a check the call was
 * given is used as is; else the read is made for the first item's group and identifier (a job
 * of rows, `rows`: for the groups of the first request's rows, see `preflightRows`). A check
 * that stopped stops the job; one that names `refusedGroups` stops only theirs.
 */
export function preflightOf<Item extends AcceptedItem>(
  ctx: BulkContext,
  options: SetStatusOptions,
  groupOf: (item: Item) => string,
  rows = false,
): { preflight?: (first: Item[], signal: AbortSignal) => Promise<PreflightStop | undefined> } {
  const given = typeof options.preflight === "object" ? options.preflight : undefined;
  const read = ctx.preflight;
  if (given === undefined && (read === undefined || options.preflight === false)) return {};
  return {
    preflight: async (first, signal) => {
      const jobs = first.map((item) => ({
        subscriptionGroupId: groupOf(item),
        type: item.type,
        id: item.id,
      }));
      const readOne = (job: PreflightJob) => (read as PreflightStep)(job, signal, rows);
      const check =
        given ??
        (read === undefined || jobs[0] === undefined
          ? undefined
          : rows
            ? await preflightRows(readOne, jobs)
            : await readOne(jobs[0]));
      if (check && !given) options.onPreflight?.(check);
      return check === undefined ? undefined : stopOf(check);
    },
  };
}

/** What a preflight check stops, as the pipeline keeps it back. */
function stopOf(check: PreflightCheck): PreflightStop | undefined {
  if (check.outcome === "stopped") return { job: { reason: "preflight", error: check.error } };
  const refused = check.refusedGroups ?? [];
  if (refused.length === 0) return undefined;
  return {
    groups: refused.map(({ subscriptionGroupId, error }) => ({
      subscriptionGroupId,
      stop: { reason: "preflight", error },
    })),
  };
}
