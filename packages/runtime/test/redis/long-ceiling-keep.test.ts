import { type RedisServer, startRedisServer } from "@braze-subscriptions/redis-server";
import { Redis } from "ioredis";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { RateLimitRule } from "../../src/limiter/limiter-store.js";
import { RedisLimiterStore } from "../../src/redis/index.js";

// A bucket's log in Redis is kept three windows after the last acquisition: the window of the
// rule that asked last. A process on a short window (no ceiling, or one over the spec's window)
// sharing a namespace with one told a ceiling over a longer window cut the log's lifetime to
// its own: idle for three short windows, the log of the long window was gone, and the ceiling
// granted its whole count again inside its window.

let server: RedisServer;
let admin: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});

afterAll(async () => {
  admin.disconnect();
  await server.stop();
});

const SERVER_WINDOW_MS = 100;
/**
 * Told 3 over 100 of the server's windows, held however much each of them allows (10 s: a
 * stalled machine stays well inside it).
 */
const longCeiling: RateLimitRule = {
  limit: 3,
  intervalMs: 100 * SERVER_WINDOW_MS,
  ceiling: true,
  serverIntervalMs: SERVER_WINDOW_MS,
};
/** Another process of the namespace, on the server's window, without a ceiling. */
const plain: RateLimitRule = { limit: 3, intervalMs: SERVER_WINDOW_MS };

it("keeps a long ceiling's log however short the window of the rule that asked last", async () => {
  const store = new RedisLimiterStore({ url: server.url, keyPrefix: "" });
  const key = "long-ceiling-keep:subscription-status-set";
  try {
    const granted: number[] = [];
    for (let i = 0; i < longCeiling.limit; i++) {
      const grant = await store.acquire(key, longCeiling);
      expect(grant.waitMs).toBe(0);
      await store.observe(key, longCeiling, {
        ticket: grant.ticket,
        refused: false,
        settled: true,
      });
      granted.push(grant.ticket);
    }
    expect((await store.acquire(key, longCeiling)).waitMs).toBeGreaterThan(0);
    // The short-window process asks once (granted or not), then everyone is idle for more
    // than three of its windows, well within the long one.
    await store.acquire(key, plain);
    await new Promise((resolve) => setTimeout(resolve, 4 * SERVER_WINDOW_MS));
    expect(await admin.zcard(`${key}:log`)).toBeGreaterThanOrEqual(longCeiling.limit);
    expect((await store.acquire(key, longCeiling)).waitMs).toBeGreaterThan(0);
  } finally {
    await store.close();
  }
}, 10_000);
