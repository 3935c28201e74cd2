import { type ResolvedClientOptions, resolveClientOptions } from "@braze-subscriptions/client";
import {
  BELOW_ONE,
  type OptionChecker,
  optionChecker,
  type RateLimitRule,
} from "@braze-subscriptions/option-checks";
import { type Clock, systemClock } from "../clock.js";
import type { LimiterStore } from "../limiter/limiter-store.js";
import { MemoryLimiterStore } from "../limiter/memory-limiter-store.js";
import {
  consoleLogger,
  isLogLevel,
  type LogLevel,
  levelledLogger,
  logLevelFromEnvironment,
} from "../logging/log-level.js";
import type { RetryPolicy } from "../retry/retry-policy.js";
import { readRulesOf } from "../spec/read-rules.js";
import { setStatusOperation } from "../spec/write-rules.js";
import type { Hooks, Logger } from "../telemetry.js";
import { resolveRetry } from "./call-overrides.js";
import type { RuntimeOptions } from "./runtime-options.js";

/** {@link RuntimeOptions} with every default applied. */
export interface ResolvedRuntimeOptions {
  client: ResolvedClientOptions;
  rateLimit: {
    limit: number;
    intervalMs: number;
    headroom: number;
    share: number;
    store: LimiterStore;
    /** True when the runtime created the store (and so closes it). */
    ownsStore: boolean;
    namespace: string;
    bucket: string;
  };
  /** The reads' bucket: the spec's read `x-rate-limit` unless overridden. */
  readRateLimit: { bucket: string; limit: number; intervalMs: number };
  retry: RetryPolicy;
  timeoutMs: number;
  concurrency: number;
  coalesceDelayMs: number;
  failFast: { consecutive: number; cooldownMs: number };
  logger: Logger | undefined;
  hooks: Hooks;
  clock: Clock;
  random: () => number;
}

const WHERE = "createBrazeRuntime";

/** The retry policy's defaults (see `RetryOptions`' JSDoc). */
const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 8,
  maxElapsedMs: 10 * 60 * 1000,
  baseDelayMs: 250,
  maxDelayMs: 30 * 1000,
};

/** The one place defaults live. Bad values throw a `TypeError` naming the option. */
export function resolveRuntimeOptions(options: RuntimeOptions = {}): ResolvedRuntimeOptions {
  const check = optionChecker(WHERE);
  const given = check.options(options);
  const client = resolveClientOptions(given, WHERE);
  const spec = setStatusOperation.rateLimit;
  const rate = check.object(given.rateLimit, "rateLimit");
  const failFast = check.object(given.failFast, "failFast");
  const readSpec = readRulesOf();
  const readRate = check.object(given.readRateLimit, "readRateLimit");
  // A request budget: the spec's `x-rate-limit` unless overridden.
  const budget = (given: Partial<RateLimitRule>, at: string, base: RateLimitRule) => ({
    limit: check.integer(given.limit, `${at}.limit`, base.limit, 1),
    intervalMs: check.duration(given.intervalMs, `${at}.intervalMs`, base.intervalMs, 1),
  });
  const hooks: Hooks = {};
  for (const name of hookNames) {
    const hook = check.fn(given[name], name);
    if (hook !== undefined) Object.assign(hooks, { [name]: hook });
  }
  return {
    client,
    readRateLimit: { bucket: readSpec.bucket, ...budget(readRate, "readRateLimit", readSpec) },
    rateLimit: {
      ...budget(rate, "rateLimit", spec),
      headroom: check.number(rate.headroom, "rateLimit.headroom", 0.02, BELOW_ONE),
      share: check.number(rate.share, "rateLimit.share", 1, {
        above: 0,
        max: 1,
        text: "above 0 and at most 1",
      }),
      store: limiterStore(rate.store, check),
      ownsStore: rate.store === undefined,
      namespace: check.text(rate.namespace, "rateLimit.namespace", "default"),
      bucket: spec.bucket,
    },
    retry: resolveRetry(given.retry, check, DEFAULT_RETRY),
    timeoutMs: check.duration(given.timeoutMs, "timeoutMs", 30 * 1000, 1),
    concurrency: check.integer(given.concurrency, "concurrency", 64, 1),
    coalesceDelayMs: check.duration(given.coalesceDelayMs, "coalesceDelayMs", 5, 0),
    failFast: {
      consecutive: check.integer(failFast.consecutive, "failFast.consecutive", 10, 1),
      cooldownMs: check.duration(failFast.cooldownMs, "failFast.cooldownMs", 30 * 1000, 0),
    },
    logger: resolveLogger(given.logger, given.logLevel, check),
    hooks,
    clock: given.clock ?? systemClock,
    random: check.fn(given.random, "random") ?? Math.random,
  };
}

/** The hooks of {@link RuntimeOptions}, each checked to be a function. */
const hookNames = [
  "onRequest",
  "onResponse",
  "onRetry",
  "onRateLimited",
  "onSystematicFailure",
  "onLimiterStoreUnavailable",
  "onLimiterStoreRecovered",
] as const satisfies ReadonlyArray<keyof Hooks>;

function limiterStore(store: LimiterStore | undefined, check: OptionChecker): LimiterStore {
  if (store === undefined) return new MemoryLimiterStore();
  const rule = "implement acquire(), observe() and pauseUntil()";
  return check.methods(store, "rateLimit.store", ["acquire", "observe", "pauseUntil"], rule);
}

/** The one place the logging defaults live (see `logLevel`'s JSDoc). */
function resolveLogger(value: unknown, level: unknown, check: OptionChecker): Logger | undefined {
  const methods = ["debug", "info", "warn", "error"];
  if (value !== undefined)
    check.methods(value, "logger", methods, "have debug, info, warn and error methods");
  if (level !== undefined && !isLogLevel(level)) {
    check.fail("logLevel", "one of debug, info, warn, error, off", level);
  }
  const given = value as Logger | undefined;
  const resolved: LogLevel =
    (level as LogLevel | undefined) ??
    logLevelFromEnvironment() ??
    (given === undefined ? "off" : "debug");
  return levelledLogger(given ?? consoleLogger, resolved);
}
