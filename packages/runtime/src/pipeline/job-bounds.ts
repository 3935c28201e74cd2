import { field, optionChecker } from "@braze-subscriptions/option-checks";
import type { JobStop } from "../vocabulary/outcome.js";

/** The caller's bounds of one bulk call, read from its options. */
export interface JobBounds {
  /** Most valid identifiers to send (the rest end `not_sent`, reason `limit`). */
  limit: number | undefined;
  /** Most failed identifiers tolerated; one more stops the job (reason `max_failures`). */
  maxFailures: number | undefined;
}

/**
 * Reads `limit` and `maxFailures` from the options of `setStatus` / `setStatusStream`. A wrong
 * type is a caller's bug, worth a `TypeError` that names the option (the shared checks').
 */
export function jobBoundsOf(
  options: { limit?: number; maxFailures?: number },
  where: string,
): JobBounds {
  return optionChecker(where).fields(options, {
    limit: field.integer({ min: 0, default: undefined }),
    maxFailures: field.integer({ min: 0, default: undefined }),
  });
}

/** The stop once `limit` identifiers were handed to requests. */
export function limitStop(limit: number): JobStop {
  return {
    reason: "limit",
    error: {
      code: "limit_reached",
      message: `not sent: the call's limit of ${limit.toLocaleString("en-US")} identifiers to send was reached`,
    },
  };
}

/** The stop once more than `maxFailures` identifiers failed. */
export function maxFailuresStop(failed: number, maxFailures: number): JobStop {
  return {
    reason: "max_failures",
    error: {
      code: "max_failures",
      message: `not sent: ${failed.toLocaleString("en-US")} identifiers failed, more than the call's maxFailures of ${maxFailures.toLocaleString("en-US")}`,
    },
  };
}
