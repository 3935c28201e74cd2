import {
  isTimerMs,
  type ResolvedClientOptions,
  resolveClientOptions,
  timerMsExpected,
} from "@braze-subscriptions/client";
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

/** The one place defaults live. Bad values throw a `TypeError` naming the option. */
export function resolveRuntimeOptions(options: RuntimeOptions = {}): ResolvedRuntimeOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${WHERE}: options must be an object, got ${describe(options)}`);
  }
  let client: ResolvedClientOptions;
  try {
    client = resolveClientOptions({
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      ...(options.userAgent === undefined ? {} : { userAgent: options.userAgent }),
      ...(options.instance === undefined ? {} : { instance: options.instance }),
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
    });
  } catch (error) {
    throw new TypeError((error as Error).message.replace(/^createClient:/, `${WHERE}:`));
  }
  const spec = setStatusOperation.rateLimit;
  const rate = objectOption(options.rateLimit, "rateLimit");
  const retry = objectOption(options.retry, "retry");
  const failFast = objectOption(options.failFast, "failFast");
  const store = rate.store ?? new MemoryLimiterStore();
  if (
    typeof store.acquire !== "function" ||
    typeof store.observe !== "function" ||
    typeof store.pauseUntil !== "function"
  ) {
    throw new TypeError(
      `${WHERE}: option "rateLimit.store" must implement acquire(), observe() and pauseUntil(), got ${describe(store)}`,
    );
  }
  const limit = integer(rate.limit, "rateLimit.limit", spec.limit, 1);
  const readSpec = readRulesOf();
  const readRate = objectOption(options.readRateLimit, "readRateLimit");
  const resolved: ResolvedRuntimeOptions = {
    client,
    readRateLimit: {
      bucket: readSpec.bucket,
      limit: integer(readRate.limit, "readRateLimit.limit", readSpec.limit, 1),
      intervalMs: duration(readRate.intervalMs, "readRateLimit.intervalMs", readSpec.intervalMs, 1),
    },
    rateLimit: {
      limit,
      intervalMs: duration(rate.intervalMs, "rateLimit.intervalMs", spec.intervalMs, 1),
      headroom: number(rate.headroom, "rateLimit.headroom", 0.02, 0),
      share: number(rate.share, "rateLimit.share", 1, 0),
      store,
      ownsStore: rate.store === undefined,
      namespace: text(rate.namespace, "rateLimit.namespace", "default"),
      bucket: spec.bucket,
    },
    retry: {
      maxAttempts: integer(retry.maxAttempts, "retry.maxAttempts", 8, 1),
      maxElapsedMs: duration(retry.maxElapsedMs, "retry.maxElapsedMs", 10 * 60 * 1000, 0),
      baseDelayMs: duration(retry.baseDelayMs, "retry.baseDelayMs", 250, 0),
      maxDelayMs: duration(retry.maxDelayMs, "retry.maxDelayMs", 30 * 1000, 0),
    },
    timeoutMs: duration(options.timeoutMs, "timeoutMs", 30 * 1000, 1),
    concurrency: integer(options.concurrency, "concurrency", 64, 1),
    coalesceDelayMs: duration(options.coalesceDelayMs, "coalesceDelayMs", 5, 0),
    failFast: {
      consecutive: integer(failFast.consecutive, "failFast.consecutive", 10, 1),
      cooldownMs: duration(failFast.cooldownMs, "failFast.cooldownMs", 30 * 1000, 0),
    },
    logger: resolveLogger(options.logger, options.logLevel),
    hooks: {
      ...fn(options.onRequest, "onRequest", "onRequest"),
      ...fn(options.onResponse, "onResponse", "onResponse"),
      ...fn(options.onRetry, "onRetry", "onRetry"),
      ...fn(options.onRateLimited, "onRateLimited", "onRateLimited"),
      ...fn(options.onSystematicFailure, "onSystematicFailure", "onSystematicFailure"),
      ...fn(
        options.onLimiterStoreUnavailable,
        "onLimiterStoreUnavailable",
        "onLimiterStoreUnavailable",
      ),
      ...fn(options.onLimiterStoreRecovered, "onLimiterStoreRecovered", "onLimiterStoreRecovered"),
    },
    clock: options.clock ?? systemClock,
    random: fn(options.random, "random", "random").random ?? Math.random,
  };
  if (resolved.rateLimit.share <= 0 || resolved.rateLimit.share > 1) {
    throw new TypeError(
      `${WHERE}: option "rateLimit.share" must be above 0 and at most 1, got ${resolved.rateLimit.share}`,
    );
  }
  if (resolved.rateLimit.headroom >= 1) {
    throw new TypeError(
      `${WHERE}: option "rateLimit.headroom" must be below 1, got ${resolved.rateLimit.headroom}`,
    );
  }
  return resolved;
}

function objectOption<T extends object>(value: T | undefined, name: string): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new TypeError(`${WHERE}: option "${name}" must be an object, got ${describe(value)}`);
  }
  return value;
}

function number(value: unknown, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new TypeError(
      `${WHERE}: option "${name}" must be a finite number ≥ ${min}, got ${describe(value)}`,
    );
  }
  return value;
}

/**
 * A duration option: every one of them ends up in a timer (or bounds one), and a timer cannot
 * hold more than 2^31 − 1 ms (Node would turn it into 1 ms).
 */
function duration(value: unknown, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (!isTimerMs(value, min)) {
    throw new TypeError(
      `${WHERE}: option "${name}" must be ${timerMsExpected(min)}, got ${describe(value)}`,
    );
  }
  return value;
}

function integer(value: unknown, name: string, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new TypeError(
      `${WHERE}: option "${name}" must be an integer ≥ ${min}, got ${describe(value)}`,
    );
  }
  return value;
}

function text(value: unknown, name: string, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || value === "") {
    throw new TypeError(
      `${WHERE}: option "${name}" must be a non-empty string, got ${describe(value)}`,
    );
  }
  return value;
}

function fn<K extends string, F>(
  value: F | undefined,
  name: string,
  key: K,
): Partial<Record<K, F>> {
  if (value === undefined) return {};
  if (typeof value !== "function") {
    throw new TypeError(`${WHERE}: option "${name}" must be a function, got ${describe(value)}`);
  }
  return { [key]: value } as Partial<Record<K, F>>;
}

/** The one place the logging defaults live (see `logLevel`'s JSDoc). */
function resolveLogger(value: unknown, level: unknown): Logger | undefined {
  const given = loggerOption(value);
  if (level !== undefined && !isLogLevel(level)) {
    throw new TypeError(
      `${WHERE}: option "logLevel" must be one of debug, info, warn, error, off, got ${describe(level)}`,
    );
  }
  const resolved: LogLevel =
    (level as LogLevel | undefined) ??
    logLevelFromEnvironment() ??
    (given === undefined ? "off" : "debug");
  return levelledLogger(given ?? consoleLogger, resolved);
}

function loggerOption(value: unknown): Logger | undefined {
  if (value === undefined) return undefined;
  const methods = ["debug", "info", "warn", "error"] as const;
  if (
    value === null ||
    typeof value !== "object" ||
    !methods.every((m) => typeof (value as Record<string, unknown>)[m] === "function")
  ) {
    throw new TypeError(
      `${WHERE}: option "logger" must have debug, info, warn and error methods, got ${describe(value)}`,
    );
  }
  return value as Logger;
}

function describe(value: unknown): string {
  if (typeof value === "string")
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "function") return "a function";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
