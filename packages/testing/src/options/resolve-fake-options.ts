import { optionChecker } from "@braze-subscriptions/option-checks";
import type { BrazeFakeOptions, ResolvedFakeOptions } from "./fake-options.js";
import { resolveApiKeys, resolvePermissions } from "./resolve-access.js";
import { resolveFaults, resolveRateLimit } from "./resolve-limits.js";

const OPTION_NAMES = [
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
];

/**
 * Checks options and applies defaults. A bad value throws a `TypeError` naming the option,
 * what was expected and what was given (API keys are never repeated, only their length).
 */
export function resolveFakeOptions(
  options: BrazeFakeOptions = {},
  caller = "startBrazeFake",
): ResolvedFakeOptions {
  const check = optionChecker(caller);
  const o = check.options(options, OPTION_NAMES);
  return {
    port: check.integer(o.port, "port", 0, 0, 65535),
    host: check.text(o.host, "host", "127.0.0.1"),
    apiKeys: resolveApiKeys(o.apiKeys, check),
    permissions: resolvePermissions(o.permissions, check),
    rateLimit: resolveRateLimit(o.rateLimit, check),
    faults: resolveFaults(o.faults, check),
    maxBodyBytes: check.integer(o.maxBodyBytes, "maxBodyBytes", undefined, 1),
    latencyMs: check.duration(o.latencyMs, "latencyMs", 0, 0, true),
    applyDelayMs: check.duration(o.applyDelayMs, "applyDelayMs", 0, 0, true),
    maxLogEntries: check.integer(o.maxLogEntries, "maxLogEntries", 10_000, 0),
    logBodies: check.boolean(o.logBodies, "logBodies", true),
    onRequest: check.fn(o.onRequest, "onRequest"),
    now: check.fn(o.now, "now", "a function returning ms since the epoch") ?? Date.now,
  };
}
