import { field, optionChecker } from "@braze-subscriptions/option-checks";
import type { BrazeFakeOptions, ResolvedFakeOptions } from "./fake-options.js";
import { apiKeys, permissions } from "./resolve-access.js";
import { faults, rateLimit } from "./resolve-limits.js";

/** Every option of the fake with its check and default, in the order errors list them. */
const FIELDS = {
  port: field.integer({ min: 0, max: 65535, default: 0 }),
  host: field.text("127.0.0.1"),
  apiKeys,
  permissions,
  rateLimit,
  faults,
  maxBodyBytes: field.integer({ min: 1, default: undefined }),
  latencyMs: field.duration({ min: 0, integer: true, default: 0 }),
  applyDelayMs: field.duration({ min: 0, integer: true, default: 0 }),
  maxLogEntries: field.integer({ min: 0, default: 10_000 }),
  logBodies: field.boolean(true),
  onRequest: field.fn<BrazeFakeOptions["onRequest"]>(),
  now: field.fn(Date.now, "a function returning ms since the epoch"),
};

/** The names of the fake's options (`brazeHandlers` takes them too, but `port` and `host`). */
export const fakeOptionNames = Object.keys(FIELDS) as (keyof BrazeFakeOptions)[];

/**
 * Checks options and applies defaults. A bad value throws a `TypeError` naming the option,
 * what was expected and what was given (API keys are never repeated, only their length).
 */
export function resolveFakeOptions(
  options: BrazeFakeOptions = {},
  caller = "startBrazeFake",
): ResolvedFakeOptions {
  const check = optionChecker(caller);
  return check.fields(check.options(options, fakeOptionNames), FIELDS);
}
