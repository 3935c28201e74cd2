import { type Field, field, isRedisUrl, optionChecker } from "@braze-subscriptions/option-checks";
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
   * Neither applies to an answer waiting will not change (a foreign value at the key, a
   * refused permission or password): that rejects at once with `RedisLimiterRefusedError`.
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

const WHERE = "RedisLimiterStore";
const CLIENT = "be an ioredis or node-redis client";
const URL_EXPECTED = "a redis:// or rediss:// URL";

const url: Field<string> = (value, name, check) => {
  if (value === undefined) return "redis://127.0.0.1:6379";
  if (typeof value === "string" && isRedisUrl(value)) return value;
  // It may hold a password: a URL is shown without its credentials, other text not at all.
  if (typeof value === "string" && !URL.canParse(value)) {
    throw new TypeError(
      `${WHERE}: option "url" must be ${URL_EXPECTED}, got a string that is not a URL`,
    );
  }
  return check.fail(name, URL_EXPECTED, typeof value === "string" ? redactRedisUrl(value) : value);
};

/** Any string, the empty one included (no prefix). */
const keyPrefix: Field<string> = (value, name, check) => {
  if (value === undefined) return "braze-subscriptions:limiter:";
  return typeof value === "string" ? value : check.fail(name, "a string", value);
};

const client: Field<Redis | undefined> = (value, name, check) =>
  value === undefined || isNodeRedisClient(value)
    ? value && fromNodeRedis(value)
    : check.methods(value as Redis, name, ["evalsha", "eval", "once"], CLIENT);

/** Every option with its check and default, in the order errors list them. */
const FIELDS = {
  url,
  keyPrefix,
  timeoutMs: field.duration({ min: 1, integer: true, default: 1000 }),
  onUnavailable: field.oneOf<RedisUnavailableBehaviour>(["fail", "local"], "fail"),
  localShare: field.number({
    above: 0,
    max: 1,
    text: "a number with 0 < localShare <= 1",
    default: 0.1,
  }),
  reconnectMaxDelayMs: field.duration({ min: 1, integer: true, default: 1000 }),
  client,
};

/**
 * Checks options and applies defaults. A bad value throws a `TypeError` naming the option, what
 * was expected and what was given (a URL's credentials are never repeated).
 */
export function resolveRedisLimiterStoreOptions(
  options: RedisLimiterStoreOptions = {},
): ResolvedRedisLimiterStoreOptions {
  const check = optionChecker(WHERE);
  const given = check.options(options, Object.keys(FIELDS));
  if (given.url !== undefined && given.client !== undefined) {
    throw new TypeError(`${WHERE}: give option "url" or option "client", not both`);
  }
  return check.fields(given, FIELDS);
}
