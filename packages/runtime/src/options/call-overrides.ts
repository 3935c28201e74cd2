import { field, optionChecker } from "@braze-subscriptions/option-checks";
import type { RetryPolicy } from "../retry/retry-policy.js";
import { checkCallOptions } from "./call-options.js";
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
 * The option names of one call, from a record the compiler keeps complete
 * (`Record<keyof SendOptions, true>`).
 */
export function optionNames<T>(names: Record<keyof T, true>): readonly string[] {
  return Object.keys(names);
}

/**
 * `base` with the call's overrides applied, or undefined when the call overrides nothing (the
 * runtime's own client is used then). The call's options are checked first
 * ({@link checkCallOptions}): a bad value, or a name outside `known` (openai-node's `timeout`
 * or `maxRetries`, which ran the call on the runtime's settings), throws a `TypeError`
 * naming the call and option.
 */
export function resolveCallOverrides(
  call: string,
  options: CallOverrides,
  base: TransportSettings,
  known: readonly string[],
): TransportSettings | undefined {
  checkCallOptions(call, options, known);
  if (options.timeoutMs === undefined && options.retry === undefined) return undefined;
  return optionChecker(call).fields(options, {
    timeoutMs: field.duration({ min: 1, default: base.timeoutMs }),
    retry: field.object(retryFields(base.retry)),
  });
}

/** The fields of `retry`, each unset one taking `base`'s: the runtime's defaults, or its policy. */
export function retryFields(base: RetryPolicy) {
  const ms = (name: keyof RetryPolicy) => field.duration({ min: 0, default: base[name] });
  return {
    maxAttempts: field.integer({ min: 1, default: base.maxAttempts }),
    maxElapsedMs: ms("maxElapsedMs"),
    baseDelayMs: ms("baseDelayMs"),
    maxDelayMs: ms("maxDelayMs"),
  };
}
