import type { ClientOptions } from "@braze-subscriptions/client";
import {
  clientOptionNames,
  type ResolvedClientOptions,
  resolveClientOptions,
} from "@braze-subscriptions/client/internal/option-checks";
import {
  BELOW_ONE,
  type Field,
  field,
  type OptionChecker,
  optionChecker,
  type RateLimitRule,
} from "@braze-subscriptions/option-checks";
import { type Clock, systemClock } from "../clock.js";
import type { LimiterStore } from "../limiter/limiter-store.js";
import { longCeilingBeyondLog, MAX_LONG_CEILING } from "../limiter/long-ceiling.js";
import { MemoryLimiterStore } from "../limiter/memory-limiter-store.js";
import { workspaceNamespace } from "../limiter/workspace-namespace.js";
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
import { retryFields } from "./call-overrides.js";
import type { RuntimeOptions } from "./runtime-options.js";

/**
 * Requests in flight at most, by default (why 64: the runtime README's "Choices made"). The
 * budget bench's perfect client has the same limit.
 */
export const DEFAULT_CONCURRENCY = 64;

/** {@link RuntimeOptions} with every default applied. */
export interface ResolvedRuntimeOptions {
  client: ResolvedClientOptions;
  rateLimit: {
    limit: number;
    intervalMs: number;
    headroom: number;
    share: number;
    /** True when the rule was given: a ceiling, even below what the server says it allows. */
    ceiling: boolean;
    /** The spec's window, against which a ceiling's own window is compared. */
    serverIntervalMs: number;
    store: LimiterStore;
    /** True when the runtime created the store (and so closes it). */
    ownsStore: boolean;
    namespace: string;
    bucket: string;
  };
  /** The reads' bucket: the spec's read `x-rate-limit` unless overridden. */
  readRateLimit: {
    bucket: string;
    limit: number;
    intervalMs: number;
    ceiling: boolean;
    serverIntervalMs: number;
  };
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

/** Every hook of {@link Hooks}, once (the compiler keeps it complete); each must be a function. */
const HOOKS: Record<keyof Hooks, true> = {
  onRequest: true,
  onResponse: true,
  onRetry: true,
  onRateLimited: true,
  onSystematicFailure: true,
  onLimiterStoreUnavailable: true,
  onLimiterStoreRecovered: true,
};
const hookNames = Object.keys(HOOKS) as (keyof Hooks)[];

/** The runtime's own options, beside the client's and the hooks (the compiler keeps it complete). */
const OWN_OPTIONS: Record<
  Exclude<keyof RuntimeOptions, keyof ClientOptions | keyof Hooks>,
  true
> = {
  rateLimit: true,
  readRateLimit: true,
  retry: true,
  timeoutMs: true,
  concurrency: true,
  coalesceDelayMs: true,
  failFast: true,
  logger: true,
  logLevel: true,
  clock: true,
  random: true,
};

/**
 * Every option name of {@link RuntimeOptions}: any other is refused, since a mistyped one
 * (`timeout`, `maxRetries`, `baseURL`) would silently run with the default, or send to the
 * environment's target.
 */
const runtimeOptionNames = [...clientOptionNames, ...hookNames, ...Object.keys(OWN_OPTIONS)];

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
  const given = check.options(options, runtimeOptionNames);
  const client = resolveClientOptions(given, WHERE, runtimeOptionNames);
  const clock = clockOf(given.clock, check);
  const spec = setStatusOperation.rateLimit;
  const readSpec = readRulesOf();
  // A request budget: the spec's `x-rate-limit` unless overridden.
  const budget = (base: RateLimitRule) => ({
    limit: field.integer({ min: 1, default: base.limit }),
    intervalMs: field.duration({ min: 1, default: base.intervalMs }),
  });
  const { rateLimit, readRateLimit, ...resolved } = check.fields(given, {
    rateLimit: field.object({
      ...budget(spec),
      headroom: field.number({ ...BELOW_ONE, default: 0.02 }),
      share: field.number({ above: 0, max: 1, text: "above 0 and at most 1", default: 1 }),
      store: limiterStore(clock),
      namespace: field.text(workspaceNamespace(client.apiKey, client.baseUrl)),
    }),
    readRateLimit: field.object(budget(readSpec)),
    retry: field.object(retryFields(DEFAULT_RETRY)),
    timeoutMs: field.duration({ min: 1, default: 30 * 1000 }),
    concurrency: field.integer({ min: 1, default: DEFAULT_CONCURRENCY }),
    coalesceDelayMs: field.duration({ min: 0, default: 5 }),
    failFast: field.object({
      consecutive: field.integer({ min: 1, default: 10 }),
      cooldownMs: field.duration({ min: 0, default: 30 * 1000 }),
    }),
    random: field.fn(Math.random),
  });
  const share = rateLimit.share;
  heldByLog("rateLimit", given.rateLimit, rateLimit, share, spec.intervalMs, check);
  heldByLog("readRateLimit", given.readRateLimit, readRateLimit, share, readSpec.intervalMs, check);
  return {
    ...resolved,
    client,
    rateLimit: {
      ...rateLimit,
      ceiling: told(given.rateLimit),
      serverIntervalMs: spec.intervalMs,
      ownsStore: !given.rateLimit?.store,
      bucket: spec.bucket,
    },
    readRateLimit: {
      ...readRateLimit,
      ceiling: told(given.readRateLimit),
      serverIntervalMs: readSpec.intervalMs,
      bucket: readSpec.bucket,
    },
    hooks: hooksOf(given, check),
    logger: resolveLogger(given.logger, given.logLevel, check),
    clock,
  };
}

/** Whether a budget's rule was given rather than the spec's: then it is a ceiling too. */
function told(rule: { limit?: number; intervalMs?: number } | undefined): boolean {
  return rule?.limit !== undefined || rule?.intervalMs !== undefined;
}

/**
 * A rule told over a longer window than the spec's is held by the log alone: one asking more
 * than the log can hold would silently not hold (`200000` an hour against Braze's minute took
 * 5,000 a minute). Refused, with the same promise over the spec's window to give instead.
 */
function heldByLog(
  name: string,
  given: { limit?: number; intervalMs?: number } | undefined,
  rule: { limit: number; intervalMs: number },
  share: number,
  serverIntervalMs: number,
  check: OptionChecker,
): void {
  const instead = told(given) ? longCeilingBeyondLog(rule, share, serverIntervalMs) : undefined;
  if (instead === undefined) return;
  check.must(
    `${name}.limit`,
    `make share × limit at most ${MAX_LONG_CEILING} over a window longer than the spec's ${serverIntervalMs} ms (the grants the limiter's log keeps: a larger count would never be held); give it over the spec's window instead (${instead.limit} per ${serverIntervalMs} ms is at least as strict)`,
    rule.limit,
  );
}

/** The clock given, checked at once: a wrong one would only fail at the first request. */
function clockOf(value: Clock | undefined, check: OptionChecker): Clock {
  if (value === undefined) return systemClock;
  return check.methods(value, "clock", ["now", "sleep"], "have now() and sleep() methods");
}

/** The hooks given, each checked to be a function. */
function hooksOf(given: Hooks, check: OptionChecker): Hooks {
  const hooks = hookNames.map((name) => [name, field.fn()(given[name], name, check)]);
  return Object.fromEntries(hooks.filter(([, hook]) => hook !== undefined));
}

/** The store given, else one in memory on the runtime's clock (an injected one included). */
const limiterStore =
  (clock: Clock): Field<LimiterStore> =>
  (store, name, check) => {
    if (store === undefined) return new MemoryLimiterStore({ now: () => clock.now() });
    const rule = "implement acquire(), observe() and pauseUntil()";
    return check.methods(store as LimiterStore, name, ["acquire", "observe", "pauseUntil"], rule);
  };

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
