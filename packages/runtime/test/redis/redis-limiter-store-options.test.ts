import { describe, expect, it } from "vitest";
import { RedisLimiterStore } from "../../src/redis/index.js";
import { redactRedisUrl } from "../../src/redis/redact-redis-url.js";
import { resolveRedisLimiterStoreOptions } from "../../src/redis/redis-limiter-store-options.js";

describe("resolveRedisLimiterStoreOptions", () => {
  it("applies the documented defaults", () => {
    expect(resolveRedisLimiterStoreOptions()).toEqual({
      url: "redis://127.0.0.1:6379",
      client: undefined,
      keyPrefix: "braze-subscriptions:limiter:",
      timeoutMs: 1000,
      onUnavailable: "fail",
      localShare: 0.1,
      reconnectMaxDelayMs: 1000,
    });
  });

  it("keeps valid values", () => {
    const resolved = resolveRedisLimiterStoreOptions({
      url: "rediss://user:pw@redis.internal:6380/2",
      keyPrefix: "",
      timeoutMs: 50,
      onUnavailable: "local",
      localShare: 1,
      reconnectMaxDelayMs: 5000,
    });
    expect(resolved).toMatchObject({
      timeoutMs: 50,
      onUnavailable: "local",
      localShare: 1,
    });
  });

  const bad: [string, unknown, RegExp][] = [
    ["options", "redis://x", /options must be an object, got "redis:\/\/x"/],
    [
      "an unknown option",
      { timeout: 5 },
      /unknown option "timeout"; expected one of url, keyPrefix/,
    ],
    [
      "url and client",
      { url: "redis://a", client: {} },
      /give option "url" or option "client", not both/,
    ],
    [
      "a url that is not a string",
      { url: 6379 },
      /option "url" must be a redis:\/\/ or rediss:\/\/ URL, got number 6379/,
    ],
    [
      "a url of another scheme",
      { url: "http://h:1" },
      /option "url" must be .*, got "http:\/\/h:1\/"/,
    ],
    [
      "a url that is not a URL",
      { url: "not a url" },
      /option "url" must be .*, got a string that is not a URL/,
    ],
    [
      "a client that is neither ioredis nor node-redis",
      { client: { get() {} } },
      /option "client" must be an ioredis or node-redis client, got an object/,
    ],
    [
      "a key prefix that is not a string",
      { keyPrefix: 1 },
      /option "keyPrefix" must be a string, got number 1/,
    ],
    [
      "a zero timeout",
      { timeoutMs: 0 },
      /option "timeoutMs" must be an integer number of milliseconds from 1 to 2147483647 \(the longest a timer can wait, about 24.8 days\), got number 0/,
    ],
    [
      "a timeout no timer can hold",
      { timeoutMs: 2 ** 31 },
      /option "timeoutMs" must be an integer number of milliseconds from 1 to 2147483647.*, got number 2147483648/,
    ],
    [
      "a reconnect delay no timer can hold",
      { reconnectMaxDelayMs: 2 ** 31 },
      /option "reconnectMaxDelayMs" must be .*to 2147483647.*, got number 2147483648/,
    ],
    ["a fractional timeout", { timeoutMs: 1.5 }, /option "timeoutMs" must be .*, got number 1.5/],
    [
      "an unknown behaviour",
      { onUnavailable: "ignore" },
      /option "onUnavailable" must be "fail" or "local", got "ignore"/,
    ],
    [
      "a zero local share",
      { localShare: 0 },
      /option "localShare" must be a number with 0 < localShare <= 1, got number 0/,
    ],
    ["a local share over 1", { localShare: 1.5 }, /option "localShare" must be .*, got number 1.5/],
    [
      "a NaN reconnect delay",
      { reconnectMaxDelayMs: Number.NaN },
      /option "reconnectMaxDelayMs" must be .*, got number NaN/,
    ],
  ];

  it.each(bad)("throws a TypeError for %s", (_name, given, message) => {
    expect(() => resolveRedisLimiterStoreOptions(given as never)).toThrow(TypeError);
    expect(() => resolveRedisLimiterStoreOptions(given as never)).toThrow(message);
  });

  it("never repeats a URL's password in a TypeError", () => {
    let message = "";
    try {
      resolveRedisLimiterStoreOptions({ url: "http://user:s3cret@h:1" });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("http://h:1/");
    expect(message).not.toContain("s3cret");
  });
});

describe("RedisLimiterStore.ready", () => {
  it("refuses a timeout no timer can hold, before waiting at all", async () => {
    const store = new RedisLimiterStore({ url: "redis://127.0.0.1:1", reconnectMaxDelayMs: 50 });
    try {
      await expect(store.ready(2 ** 31)).rejects.toThrow(TypeError);
      await expect(store.ready(2 ** 31)).rejects.toThrow(
        /RedisLimiterStore.ready: argument "timeoutMs" must be an integer number of milliseconds from 1 to 2147483647/,
      );
    } finally {
      await store.close();
    }
  });
});

describe("redactRedisUrl", () => {
  it.each([
    ["redis://:pw@127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"],
    ["rediss://user:pw@cache.example:6380", "rediss://cache.example:6380"],
    ["redis://h:1/0?password=pw", "redis://h:1/0"],
    ["not a url", "[unparseable Redis URL]"],
  ])("%s → %s", (given, want) => {
    expect(redactRedisUrl(given)).toBe(want);
  });
});
