import type { BrazeClient } from "@braze-subscriptions/client";
import { failureOf } from "../http/send-verdict.js";
import type { BucketLimiter } from "../limiter/bucket-limiter.js";
import type { Logger } from "../telemetry.js";
import { refusesGroupAlone } from "./likely-cause.js";
import {
  type PreflightCheck,
  type PreflightJob,
  type PreflightPurpose,
  preflightRead,
} from "./preflight-read.js";

/** The reader a preflight read goes through, and its time bound (a call's own, or the runtime's). */
export interface PreflightReader {
  reader: BrazeClient;
  timeoutMs: number;
}

/** What {@link preflightRunner} reads with. */
export interface PreflightRunnerOf {
  /** The writes' bucket and the reads' (each checked in the store for its own purpose). */
  limiter: BucketLimiter;
  readLimiter: BucketLimiter;
  /** The runtime's read client and timeout, unless a call gives its own. */
  runtimeReader: PreflightReader;
  apiKey: string;
  logger: Logger | undefined;
}

/** One preflight read of a job (see {@link preflightRunner}). */
export type RunPreflight = (
  job: PreflightJob,
  signal?: AbortSignal,
  purpose?: PreflightPurpose,
  ofRows?: boolean,
  on?: PreflightReader,
) => Promise<PreflightCheck>;

/**
 * The runtime's preflight read. It takes the read bucket's budget, like any read; `timeoutMs`
 * bounds it whole (retries included), and a read that cannot tell lets the job go on. A
 * refusal of the rate-limit store (the writes' bucket checked first, the read's by its
 * acquisition) stops the job as a refused read does. A call with its own timeoutMs/retry
 * reads on them (`on`): on the runtime's, a read slower than its timeout went unchecked.
 */
export function preflightRunner(of: PreflightRunnerOf): RunPreflight {
  const { apiKey, logger } = of;
  return async (job, signal, purpose = "writes", ofRows = false, on = of.runtimeReader) => {
    // The job's own bucket in the store first (granting nothing): a bucket key another
    // application holds, or a user that may not run its scripts, stops the job before
    // anything is read or sent.
    const bucket = purpose === "reads" ? of.readLimiter : of.limiter;
    const refused = await bucket.check(signal, on.timeoutMs);
    const check: PreflightCheck = refused
      ? { outcome: "stopped", error: failureOf(refused, 0, apiKey) }
      : await preflightRead(on.reader, job, {
          timeoutMs: on.timeoutMs,
          apiKey,
          purpose,
          ...(signal ? { signal } : {}),
        });
    if (check.outcome === "stopped") {
      const what =
        check.error.code === "rate_limiter_unavailable"
          ? "the rate-limit store refused for good"
          : "preflight read refused";
      // A job of writes stops here, unless Braze refused the group alone in a job of rows (it
      // then reads its next group); one of reads is the caller's (the CLI's verify reads the
      // other groups of a job when one group is refused).
      const groupAlone = ofRows && refusesGroupAlone(check.error.status);
      const message =
        purpose === "reads"
          ? what
          : groupAlone
            ? `${what} for a group alone: a job of rows reads its next group, and stops only when none passes`
            : `${what}: the job stops before its first write`;
      logger?.warn(message, {
        subscriptionGroupId: job.subscriptionGroupId,
        status: check.error.status,
        message: check.error.message,
      });
    } else if (check.outcome === "unchecked") {
      logger?.warn("preflight read could not check key, instance and group; going on", {
        subscriptionGroupId: job.subscriptionGroupId,
        reason: check.message,
      });
    }
    return check;
  };
}
