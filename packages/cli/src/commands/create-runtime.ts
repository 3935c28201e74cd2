import { type BrazeRuntime, createBrazeRuntime } from "@braze-subscriptions/runtime";
import { UsageError } from "../errors.js";
import type { ResolvedSetOptions } from "../options/set-options.js";

/**
 * Builds the runtime from the resolved flags. Only what the user set is passed, so every
 * other default (rate limit from the spec, retry policy, concurrency) stays the runtime's.
 * The runtime's own option checks throw `TypeError`; they become usage errors here.
 */
export function createRuntime(options: ResolvedSetOptions): BrazeRuntime {
  const { apiKey, target, rateLimit, maxAttempts, timeoutMs, concurrency } = options;
  if (apiKey === undefined || target === undefined)
    throw new UsageError("missing API key or target");
  try {
    return createBrazeRuntime({
      apiKey,
      ...target,
      ...(rateLimit === undefined
        ? {}
        : { rateLimit: { limit: rateLimit.limit, intervalMs: rateLimit.intervalMs } }),
      ...(maxAttempts === undefined ? {} : { retry: { maxAttempts } }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(concurrency === undefined ? {} : { concurrency }),
    });
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}
