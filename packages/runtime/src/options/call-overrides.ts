import { type OptionChecker, optionChecker } from "@braze-subscriptions/option-checks";
import type { RetryPolicy } from "../retry/retry-policy.js";
import type { RetryOptions } from "./runtime-options.js";

/**
 * Per-call overrides of the runtime's timeout and retry settings, as openai-node takes
 * `timeout` and `maxRetries` per request. The rate limit and concurrency stay shared.
 */
export interface CallOverrides {
  /**
   * Time allowed for one attempt of this call's requests, in milliseconds.
   * @default the runtime's `timeoutMs`
   */
  timeoutMs?: number;
  /**
   * Retry settings for this call's requests, each field over the runtime's.
   * @default the runtime's `retry`
   */
  retry?: RetryOptions;
}

/** The transport settings a call runs with. */
export interface TransportSettings {
  timeoutMs: number;
  retry: RetryPolicy;
}

/**
 * `base` with the call's overrides applied, or undefined when the call overrides nothing (the
 * runtime's own client is used then). Bad values throw a `TypeError` naming the call and option.
 */
export function resolveCallOverrides(
  call: string,
  options: CallOverrides,
  base: TransportSettings,
): TransportSettings | undefined {
  const { timeoutMs, retry } = options;
  if (timeoutMs === undefined && retry === undefined) return undefined;
  const check = optionChecker(call);
  return {
    timeoutMs: check.duration(timeoutMs, "timeoutMs", base.timeoutMs, 1),
    retry: resolveRetry(retry, check, base.retry),
  };
}

/** `retry` checked, each field unset taking `base`'s: the runtime's defaults, or its policy. */
export function resolveRetry(
  value: RetryOptions | undefined,
  check: OptionChecker,
  base: RetryPolicy,
): RetryPolicy {
  const given = check.object(value, "retry");
  const ms = (name: Exclude<keyof RetryPolicy, "maxAttempts">) =>
    check.duration(given[name], `retry.${name}`, base[name], 0);
  return {
    maxAttempts: check.integer(given.maxAttempts, "retry.maxAttempts", base.maxAttempts, 1),
    maxElapsedMs: ms("maxElapsedMs"),
    baseDelayMs: ms("baseDelayMs"),
    maxDelayMs: ms("maxDelayMs"),
  };
}
