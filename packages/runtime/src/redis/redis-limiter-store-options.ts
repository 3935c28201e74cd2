import { isTimerMs, timerMsExpected } from "@braze-subscriptions/client";
import type { Redis } from "ioredis";
import {
  fromNodeRedis,
  type IoRedisClient,
  isNodeRedisClient,
  type NodeRedisClient,
} from "./node-redis-adapter.js";
import { redactRedisUrl } from "./redact-redis-url.js";

/** What an acquisition does when Redis does not answer within `timeoutMs`. */
export type RedisUnavailableBehaviour = "fail" | "local";

/** Options of {@link RedisLimiterStore}. Every field is optional. */
export interface RedisLimiterStoreOptions {
  /**
   * Where Redis is: `redis://[[user]:password@]host[:port][/db]`, or `rediss://` for TLS.
   * Ignored when `client` is given. Credentials never appear in errors or logs.
   * @default "redis://127.0.0.1:6379"
   */
  url?: string;
  /**
   * A client to use instead of opening a connection from `url`, e.g. one configured for
   * Sentinel or TLS: an ioredis `Redis` (v5 or v6) or a node-redis client (`redis` v4 or v5,
   * from its `createClient()`). The store never closes a client it did not open.
   * @default undefined (the store opens and owns an ioredis connection to `url`)
   */
  client?: IoRedisClient | NodeRedisClient;
  /**
   * Prefix of every key the store writes; the runtime's key (`${namespace}:${bucket}`) follows
   * it. Change it only to keep several unrelated deployments apart in one Redis database.
   * @default "braze-subscriptions:limiter:"
   */
  keyPrefix?: string;
  /**
   * Longest time one acquisition waits for Redis (for a connection to come back, then for the
   * script's answer) before it fails or falls back (see `onUnavailable`).
   * @default 1000
   */
  timeoutMs?: number;
  /**
   * When Redis is unreachable or slow: `"fail"` rejects the acquisition with
   * `RedisLimiterUnavailableError` (no slot, nothing sent; the runtime waits and retries), and
   * `"local"` grants the slot from an in-memory limiter holding `localShare` of the budget.
   * @default "fail"
   */
  onUnavailable?: RedisUnavailableBehaviour;
  /**
   * With `onUnavailable: "local"`: the share of the rule this process may use on its own while
   * Redis is away (0 < share ≤ 1). Keep the shares of all processes sharing a budget at or
   * under 1 in total, e.g. 0.25 for each of four processes.
   * @default 0.1
   */
  localShare?: number;
  /**
   * Reconnection is automatic and unending; this caps the delay between two attempts.
   * Ignored when `client` is given (its own `retryStrategy` applies).
   * @default 1000
   */
  reconnectMaxDelayMs?: number;
}

/** {@link RedisLimiterStoreOptions} with every default applied. */
export interface ResolvedRedisLimiterStoreOptions {
  url: string;
  client: Redis | undefined;
  keyPrefix: string;
  timeoutMs: number;
  onUnavailable: RedisUnavailableBehaviour;
  localShare: number;
  reconnectMaxDelayMs: number;
}

const DEFAULTS = {
  url: "redis://127.0.0.1:6379",
  keyPrefix: "braze-subscriptions:limiter:",
  timeoutMs: 1000,
  onUnavailable: "fail",
  localShare: 0.1,
  reconnectMaxDelayMs: 1000,
} as const satisfies Omit<ResolvedRedisLimiterStoreOptions, "client">;

const OPTION_NAMES = new Set<string>([...Object.keys(DEFAULTS), "client"]);

/**
 * Checks options and applies defaults. A bad value throws a `TypeError` naming the option, what
 * was expected and what was given (a URL's credentials are never repeated).
 */
export function resolveRedisLimiterStoreOptions(
  options: RedisLimiterStoreOptions = {},
): ResolvedRedisLimiterStoreOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`RedisLimiterStore: options must be an object, got ${describe(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.has(name)) {
      throw new TypeError(
        `RedisLimiterStore: unknown option "${name}"; expected one of ${[...OPTION_NAMES].join(", ")}`,
      );
    }
  }
  const o = options as Record<keyof RedisLimiterStoreOptions, unknown>;
  if (o.url !== undefined && o.client !== undefined) {
    throw new TypeError(`RedisLimiterStore: give option "url" or option "client", not both`);
  }
  return {
    url: o.url === undefined ? DEFAULTS.url : checkUrl(o.url),
    client:
      o.client === undefined
        ? undefined
        : isNodeRedisClient(o.client)
          ? fromNodeRedis(o.client)
          : checkClient(o.client),
    keyPrefix: o.keyPrefix === undefined ? DEFAULTS.keyPrefix : checkKeyPrefix(o.keyPrefix),
    timeoutMs: duration("timeoutMs", o.timeoutMs, DEFAULTS.timeoutMs),
    onUnavailable: checkBehaviour(o.onUnavailable),
    localShare: number("localShare", o.localShare, DEFAULTS.localShare, {
      above: 0,
      max: 1,
      text: "a number with 0 < localShare <= 1",
    }),
    reconnectMaxDelayMs: duration(
      "reconnectMaxDelayMs",
      o.reconnectMaxDelayMs,
      DEFAULTS.reconnectMaxDelayMs,
    ),
  };
}

function checkUrl(value: unknown): string {
  const expected = `a redis:// or rediss:// URL`;
  if (typeof value !== "string") {
    throw new TypeError(
      `RedisLimiterStore: option "url" must be ${expected}, got ${describe(value)}`,
    );
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(
      `RedisLimiterStore: option "url" must be ${expected}, got a string that is not a URL`,
    );
  }
  if ((url.protocol !== "redis:" && url.protocol !== "rediss:") || url.hostname === "") {
    throw new TypeError(
      `RedisLimiterStore: option "url" must be ${expected}, got ${JSON.stringify(redactRedisUrl(value))}`,
    );
  }
  return value;
}

function checkClient(value: unknown): Redis {
  const candidate = value as Partial<Record<"evalsha" | "eval" | "once", unknown>> | null;
  if (
    candidate === null ||
    typeof candidate !== "object" ||
    typeof candidate.evalsha !== "function" ||
    typeof candidate.eval !== "function" ||
    typeof candidate.once !== "function"
  ) {
    throw new TypeError(
      `RedisLimiterStore: option "client" must be an ioredis or node-redis client, got ${describe(value)}`,
    );
  }
  return value as Redis;
}

function checkKeyPrefix(value: unknown): string {
  if (typeof value !== "string") {
    throw new TypeError(
      `RedisLimiterStore: option "keyPrefix" must be a string, got ${describe(value)}`,
    );
  }
  return value;
}

function checkBehaviour(value: unknown): RedisUnavailableBehaviour {
  if (value === undefined) return DEFAULTS.onUnavailable;
  if (value === "fail" || value === "local") return value;
  throw new TypeError(
    `RedisLimiterStore: option "onUnavailable" must be "fail" or "local", got ${describe(value)}`,
  );
}

interface NumberRule {
  min?: number;
  max?: number;
  above?: number;
  below?: number;
  text: string;
}

function number(name: string, value: unknown, fallback: number, rule: NumberRule): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max) &&
    (rule.above === undefined || value > rule.above) &&
    (rule.below === undefined || value < rule.below);
  if (!ok) {
    throw new TypeError(
      `RedisLimiterStore: option "${name}" must be ${rule.text}, got ${describe(value)}`,
    );
  }
  return value as number;
}

/**
 * A whole number of milliseconds, at least 1, that a timer can hold (durations end up in
 * `setTimeout`, which turns anything over 2^31 − 1 ms into 1 ms).
 */
export function checkRedisDuration(
  name: string,
  value: unknown,
  where = "RedisLimiterStore: option",
): number {
  if (!isTimerMs(value, 1) || !Number.isInteger(value)) {
    throw new TypeError(
      `${where} "${name}" must be ${timerMsExpected(1, true)}, got ${describe(value)}`,
    );
  }
  return value;
}

function duration(name: string, value: unknown, fallback: number): number {
  return value === undefined ? fallback : checkRedisDuration(name, value);
}

function describe(value: unknown): string {
  if (typeof value === "string") {
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  }
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
