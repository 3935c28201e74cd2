import { isTimerMs, timerMsExpected } from "@braze-subscriptions/client";
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
  if (
    retry !== undefined &&
    (retry === null || typeof retry !== "object" || Array.isArray(retry))
  ) {
    throw new TypeError(`${call}: option "retry" must be an object, got ${describe(retry)}`);
  }
  const ms = (value: unknown, name: string, fallback: number, min: number) => {
    if (value === undefined) return fallback;
    if (!isTimerMs(value, min)) {
      throw new TypeError(
        `${call}: option "${name}" must be ${timerMsExpected(min)}, got ${describe(value)}`,
      );
    }
    return value as number;
  };
  const maxAttempts = retry?.maxAttempts ?? base.retry.maxAttempts;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new TypeError(
      `${call}: option "retry.maxAttempts" must be an integer ≥ 1, got ${describe(maxAttempts)}`,
    );
  }
  return {
    timeoutMs: ms(timeoutMs, "timeoutMs", base.timeoutMs, 1),
    retry: {
      maxAttempts,
      maxElapsedMs: ms(retry?.maxElapsedMs, "retry.maxElapsedMs", base.retry.maxElapsedMs, 0),
      baseDelayMs: ms(retry?.baseDelayMs, "retry.baseDelayMs", base.retry.baseDelayMs, 0),
      maxDelayMs: ms(retry?.maxDelayMs, "retry.maxDelayMs", base.retry.maxDelayMs, 0),
    },
  };
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
