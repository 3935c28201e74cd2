import { type RedisServer, startRedisServer } from "@braze-subscriptions/redis-server";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { Redis } from "ioredis";
import { afterEach, describe, expect, it } from "vitest";
import { createBrazeRuntime } from "../../src/index.js";
import { RedisLimiterStore } from "../../src/redis/index.js";

// Two workspaces (each its own API key and instance) keeping their budgets in one Redis, with
// no `namespace` set (the CLI's `--redis-url` sets none): each workspace's budget is Braze's
// own, so their buckets must differ, or one workspace's spent window holds the other back.

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function workspace(redis: RedisServer, apiKey: string, limit?: number) {
  const fake: BrazeFake = await startBrazeFake({
    apiKeys: [apiKey],
    ...(limit === undefined ? {} : { rateLimit: { limit, intervalMs: 60_000 } }),
  });
  cleanups.push(() => fake.close());
  const store = new RedisLimiterStore({ url: redis.url });
  const braze = createBrazeRuntime({ apiKey, baseUrl: fake.url, rateLimit: { store } });
  cleanups.push(async () => {
    await braze.close();
    await store.close();
  });
  const posts = () => fake.requests.filter((r) => r.method === "POST").length;
  return { fake, braze, posts };
}

const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe("the default namespace", () => {
  it("keeps two workspaces in one Redis apart: one spent budget does not hold the other back", {
    timeout: 60_000,
  }, async () => {
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    // Workspace A's budget is 1 a minute: after one request its word says none is left.
    const a = await workspace(redis, "workspace-a-key", 1);
    const b = await workspace(redis, "workspace-b-key");
    const one = { subscriptionGroupId: "g", state: "subscribed" as const };
    const first = await a.braze.setStatus({ ...one, externalIds: ["a-0"] }, { preflight: false });
    expect(first.succeeded).toBe(1);

    // Workspace B has its whole budget: its 4 requests leave at once. Sharing A's bucket, B
    // took A's word (nothing left) for its own and waited a minute for A's window to end.
    const stop = new AbortController();
    const job = b.braze.setStatus(
      { ...one, externalIds: ids("b", 200) },
      { preflight: false, signal: stop.signal },
    );
    try {
      await expect.poll(b.posts, { timeout: 20_000, interval: 50 }).toBe(4);
    } finally {
      // An abort rejects the call: what counts here is how many requests left before it.
      stop.abort();
      await job.catch(() => {});
    }

    const admin = new Redis(redis.url);
    cleanups.push(async () => admin.disconnect());
    const hashes = (await admin.keys("*")).filter((k) => !/:(log|sent|win|seen)$/.test(k));
    // A bucket each for the writes (and one each for the preflight-free job: no reads).
    expect(new Set(hashes).size).toBe(2);
    for (const key of hashes) {
      expect(key).not.toContain("workspace-a-key");
      expect(key).not.toContain("workspace-b-key");
    }
  });

  it("is one bucket for every runtime of the same key and base URL", async () => {
    const redis = await startRedisServer();
    cleanups.push(() => redis.stop());
    const a = await workspace(redis, "same-key");
    const store = new RedisLimiterStore({ url: redis.url });
    const again = createBrazeRuntime({
      apiKey: "same-key",
      baseUrl: `${a.fake.url}/`,
      rateLimit: { store },
    });
    cleanups.push(async () => {
      await again.close();
      await store.close();
    });
    const one = { subscriptionGroupId: "g", state: "subscribed" as const };
    await a.braze.setStatus({ ...one, externalIds: ["x"] }, { preflight: false });
    await again.setStatus({ ...one, externalIds: ["y"] }, { preflight: false });
    const admin = new Redis(redis.url);
    cleanups.push(async () => admin.disconnect());
    const hashes = (await admin.keys("*")).filter((k) => !/:(log|sent|win|seen)$/.test(k));
    expect(hashes).toHaveLength(1);
    // Both requests were counted in it: tickets 1 and 2.
    expect(await admin.hget(hashes[0] as string, "seq")).toBe("2");
  });
});
