import { MAX_TIMER_MS, timerMsExpected } from "@braze-subscriptions/client";
import { describeValue } from "./describe-value.js";
import type { BrazeFakeOptions, ResolvedFakeOptions } from "./fake-options.js";
import type { Int } from "./option-checks.js";
import { resolveApiKeys, resolvePermissions } from "./resolve-access.js";
import { resolveFaults, resolveRateLimit } from "./resolve-limits.js";

const OPTION_NAMES = new Set([
  "port",
  "host",
  "apiKeys",
  "permissions",
  "rateLimit",
  "faults",
  "maxBodyBytes",
  "latencyMs",
  "applyDelayMs",
  "maxLogEntries",
  "logBodies",
  "onRequest",
  "now",
]);

/**
 * Checks options and applies defaults. A bad value throws a `TypeError` naming the option,
 * what was expected and what was given (API keys are never repeated, only their length).
 */
export function resolveFakeOptions(
  options: BrazeFakeOptions = {},
  caller = "startBrazeFake",
): ResolvedFakeOptions {
  const fail = (name: string, expected: string, got: unknown): never => {
    throw new TypeError(
      `${caller}: option "${name}" must be ${expected}, got ${describeValue(got)}`,
    );
  };
  if (options === null || typeof options !== "object") fail("options", "an object", options);
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw new TypeError(
        `${caller}: unknown option "${name}" (known: ${[...OPTION_NAMES].join(", ")})`,
      );
    }
  }
  const int: Int = (name, value, fallback, min, max) => {
    if (value === undefined) return fallback;
    if (
      typeof value !== "number" ||
      !Number.isInteger(value) ||
      value < min ||
      (max !== undefined && value > max)
    ) {
      fail(name, max === MAX_TIMER_MS ? timerMsExpected(min, true) : `an integer >= ${min}`, value);
    }
    return value as number;
  };
  const {
    port,
    host,
    apiKeys,
    permissions,
    rateLimit,
    faults,
    maxBodyBytes,
    latencyMs,
    applyDelayMs,
    maxLogEntries,
    logBodies,
    onRequest,
    now,
  } = options;
  if (port !== undefined && int("port", port, 0, 0) > 65535)
    fail("port", "an integer from 0 to 65535", port);
  if (host !== undefined && (typeof host !== "string" || host === ""))
    fail("host", "a non-empty string", host);
  if (onRequest !== undefined && typeof onRequest !== "function")
    fail("onRequest", "a function", onRequest);
  if (logBodies !== undefined && typeof logBodies !== "boolean")
    fail("logBodies", "a boolean", logBodies);
  if (now !== undefined && typeof now !== "function")
    fail("now", "a function returning ms since the epoch", now);
  return {
    port: port ?? 0,
    host: host ?? "127.0.0.1",
    apiKeys: resolveApiKeys(apiKeys, fail),
    permissions: resolvePermissions(permissions, fail),
    rateLimit: resolveRateLimit(rateLimit, fail, int),
    faults: resolveFaults(faults, fail, int),
    maxBodyBytes: maxBodyBytes === undefined ? undefined : int("maxBodyBytes", maxBodyBytes, 0, 1),
    latencyMs: int("latencyMs", latencyMs, 0, 0, MAX_TIMER_MS),
    applyDelayMs: int("applyDelayMs", applyDelayMs, 0, 0, MAX_TIMER_MS),
    maxLogEntries: int("maxLogEntries", maxLogEntries, 10_000, 0),
    logBodies: logBodies ?? true,
    onRequest,
    now: now ?? Date.now,
  };
}
