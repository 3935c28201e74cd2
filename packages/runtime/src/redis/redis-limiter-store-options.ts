import { type OptionChecker, optionChecker } from "@braze-subscriptions/option-checks";
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

const WHERE = "RedisLimiterStore";
const CLIENT = "be an ioredis or node-redis client";

/**
 * Checks options and applies defaults. A bad value throws a `TypeError` naming the option, what
 * was expected and what was given (a URL's credentials are never repeated).
 */
export function resolveRedisLimiterStoreOptions(
  options: RedisLimiterStoreOptions = {},
): ResolvedRedisLimiterStoreOptions {
  const check = optionChecker(WHERE);
  const o = check.options(options, [...Object.keys(DEFAULTS), "client"]) as Record<
    keyof RedisLimiterStoreOptions,
    unknown
  >;
  if (o.url !== undefined && o.client !== undefined) {
    throw new TypeError(`${WHERE}: give option "url" or option "client", not both`);
  }
  return {
    url: o.url === undefined ? DEFAULTS.url : checkUrl(o.url, check),
    client:
      o.client === undefined || isNodeRedisClient(o.client)
        ? o.client && fromNodeRedis(o.client)
        : check.methods(o.client as Redis, "client", ["evalsha", "eval", "once"], CLIENT),
    keyPrefix:
      typeof o.keyPrefix === "string" || o.keyPrefix === undefined
        ? (o.keyPrefix ?? DEFAULTS.keyPrefix)
        : check.fail("keyPrefix", "a string", o.keyPrefix),
    timeoutMs: check.duration(o.timeoutMs, "timeoutMs", DEFAULTS.timeoutMs, 1, true),
    onUnavailable: check.oneOf(o.onUnavailable, "onUnavailable", DEFAULTS.onUnavailable, [
      "fail",
      "local",
    ]),
    localShare: check.number(o.localShare, "localShare", DEFAULTS.localShare, {
      above: 0,
      max: 1,
      text: "a number with 0 < localShare <= 1",
    }),
    reconnectMaxDelayMs: check.duration(
      o.reconnectMaxDelayMs,
      "reconnectMaxDelayMs",
      DEFAULTS.reconnectMaxDelayMs,
      1,
      true,
    ),
  };
}

function checkUrl(value: unknown, check: OptionChecker): string {
  const expected = "a redis:// or rediss:// URL";
  if (typeof value !== "string") return check.fail("url", expected, value);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(
      `${WHERE}: option "url" must be ${expected}, got a string that is not a URL`,
    );
  }
  if ((url.protocol !== "redis:" && url.protocol !== "rediss:") || url.hostname === "") {
    check.fail("url", expected, redactRedisUrl(value));
  }
  return value;
}
