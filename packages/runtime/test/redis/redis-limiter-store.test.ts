import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MemoryLimiterStore } from "../../src/limiter/memory-limiter-store.js";
import { type RedisAcquisition, RedisLimiterStore } from "../../src/redis/index.js";
import { maxInAnyWindow } from "./support/max-in-any-window.js";
import { type RedisServer, startRedisServer } from "./support/redis-server.js";

// GCRA in Lua against a real redis-server: exact waits on the server's clock, pauses shared
// across connections, and the sliding-window rule under many concurrent acquirers.

let server: RedisServer;
let admin: Redis;
const stores: RedisLimiterStore[] = [];
let keySeq = 0;

beforeAll(async () => {
  server = await startRedisServer();
  admin = new Redis(server.url);
});

afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});

afterAll(async () => {
  admin.disconnect();
  await server.stop();
});

function store(
  options: ConstructorParameters<typeof RedisLimiterStore>[0] = {},
): RedisLimiterStore {
  const created = new RedisLimiterStore({ url: server.url, ...options });
  stores.push(created);
  return created;
}

function freshKey(): string {
  keySeq += 1;
  return `test-${keySeq}:subscription-status-set`;
}

async function serverNowMs(): Promise<number> {
  const [seconds, micros] = await admin.time();
  return Number(seconds) * 1000 + Number(micros) / 1000;
}

describe("RedisLimiterStore: GCRA on the server's clock", () => {
  it("grants the first slot at once and spaces the next ones by exactly intervalMs / limit", async () => {
    const limiter = store();
    const key = freshKey();
    const rule = { limit: 10, intervalMs: 1000 };
    const before = await serverNowMs();
    const first = await limiter.acquire(key, rule);
    const rest = await Promise.all(Array.from({ length: 9 }, () => limiter.acquire(key, rule)));
    const after = await serverNowMs();

    expect(first.waitMs).toBe(0);
    expect(first.source).toBe("redis");
    expect(first.sendAtEpochMs).toBeGreaterThanOrEqual(before);
    expect(first.sendAtEpochMs).toBeLessThanOrEqual(after);
    const sendAts = rest.map((a) => a.sendAtEpochMs).sort((a, b) => a - b);
    sendAts.forEach((sendAt, i) => {
      expect(sendAt - first.sendAtEpochMs).toBeCloseTo((i + 1) * 100, 3);
    });
    // waitMs is the slot's distance from when the reply was read (up to the clock estimate's
    // sub-millisecond error).
    for (const acquisition of rest) {
      expect(acquisition.waitMs).toBeLessThanOrEqual(acquisition.sendAtEpochMs - before + 1);
      expect(acquisition.waitMs).toBeGreaterThanOrEqual(acquisition.sendAtEpochMs - after - 1);
    }
  });

  it("returns a wait that shrinks as the server's clock advances", async () => {
    const limiter = store();
    const key = freshKey();
    const rule = { limit: 4, intervalMs: 1000 };
    await limiter.acquire(key, rule);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await limiter.acquire(key, rule);
    // 250 ms spacing, 100+ ms of which already elapsed.
    expect(second.waitMs).toBeGreaterThan(100);
    expect(second.waitMs).toBeLessThanOrEqual(150.001);
  });

  it("never grants more than the limit in any sliding window, across many connections", async () => {
    const key = freshKey();
    const rule = { limit: 20, intervalMs: 500 };
    const acquirers = Array.from({ length: 8 }, () => store());
    const grants: RedisAcquisition[] = (
      await Promise.all(
        acquirers.map((limiter) =>
          Promise.all(Array.from({ length: 40 }, () => limiter.acquire(key, rule))),
        ),
      )
    ).flat();
    const sendAts = grants.map((a) => a.sendAtEpochMs);
    expect(grants).toHaveLength(320);
    expect(new Set(sendAts).size).toBe(320);
    expect(maxInAnyWindow(sendAts, rule.intervalMs)).toBe(rule.limit);
    // ...and no slower than the limit: 320 slots 25 ms apart.
    const span = Math.max(...sendAts) - Math.min(...sendAts);
    expect(span).toBeCloseTo(319 * 25, 1);
  });

  it("with a burst, lets `burst` slots go at once and still keeps every window at the limit", async () => {
    const limiter = store();
    const key = freshKey();
    const rule = { limit: 10, intervalMs: 1000, burst: 3 };
    const grants: RedisAcquisition[] = [];
    for (let i = 0; i < 40; i++) grants.push(await limiter.acquire(key, rule));
    expect(grants.slice(0, 3).map((a) => a.waitMs)).toEqual([0, 0, 0]);
    expect(grants[3]?.waitMs).toBeGreaterThan(0);
    expect(
      maxInAnyWindow(
        grants.map((a) => a.sendAtEpochMs),
        rule.intervalMs,
      ),
    ).toBeLessThanOrEqual(10);
  });

  it("paces the same way as the runtime's in-memory store", async () => {
    const rule = { limit: 10, intervalMs: 1000, burst: 2 };
    const memory = new MemoryLimiterStore({ now: () => 1_000_000 });
    const memoryWaits: number[] = [];
    for (let i = 0; i < 12; i++) memoryWaits.push((await memory.acquire("k", rule)).waitMs);
    const limiter = store();
    const key = freshKey();
    const redisSendAts: number[] = [];
    for (let i = 0; i < 12; i++)
      redisSendAts.push((await limiter.acquire(key, rule)).sendAtEpochMs);
    const redisOffsets = redisSendAts.map((t) => t - (redisSendAts[0] as number));
    // Equal up to the real time the sequential calls took while inside the burst tolerance.
    memoryWaits.forEach((wait, i) => {
      expect(Math.abs((redisOffsets[i] as number) - wait)).toBeLessThan(5);
    });
  });

  it("keeps state under keyPrefix + key and lets idle buckets expire", async () => {
    const limiter = store();
    const key = freshKey();
    await limiter.acquire(key, { limit: 10, intervalMs: 1000 });
    const ttl = await admin.pttl(`braze-subscriptions:limiter:${key}`);
    expect(ttl).toBeGreaterThan(900);
    expect(ttl).toBeLessThanOrEqual(1101);
    const custom = store({ keyPrefix: "other:" });
    await custom.acquire(key, { limit: 10, intervalMs: 1000 });
    expect(await admin.exists(`other:${key}`)).toBe(1);
  });
});

describe("RedisLimiterStore: waits on this process's clock", () => {
  function blockEventLoop(ms: number): void {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      // Busy: the reply arrives but is not read, as in a process stalled by CPU or GC.
    }
  }

  /** A store whose next script call stalls this process for `ms` right after the command left. */
  async function stallingStore(options: { staleSlotShare?: number } = {}) {
    const client = new Redis(server.url);
    const evalsha = client.evalsha.bind(client) as (...args: unknown[]) => Promise<unknown>;
    let stallMs = 0;
    (client as unknown as { evalsha: (...args: unknown[]) => Promise<unknown> }).evalsha = (
      ...args
    ) => {
      const reply = evalsha(...args);
      blockEventLoop(stallMs);
      stallMs = 0;
      return reply;
    };
    const limiter = new RedisLimiterStore({ client, ...options });
    stores.push(limiter);
    // A few quick exchanges teach the store where the server's clock stands.
    for (let i = 0; i < 5; i++) await limiter.acquire(freshKey(), { limit: 1000, intervalMs: 1 });
    return {
      limiter,
      stallNext: (ms: number) => {
        stallMs = ms;
      },
      close: () => client.quit(),
    };
  }

  it("does not add the time a reply sat unread to the wait", async () => {
    const { limiter, stallNext, close } = await stallingStore();
    const key = freshKey();
    const rule = { limit: 1, intervalMs: 1000 };
    await limiter.acquire(key, rule);
    stallNext(300);
    const slot = await limiter.acquire(key, rule);
    // Redis granted the slot ~1000 ms ahead before the stall; 300 ms of it are gone.
    expect(slot.waitMs).toBeGreaterThan(600);
    expect(slot.waitMs).toBeLessThan(720);
    await close();
  });

  it("gives up a slot that passed while the reply sat unread, for a later one", async () => {
    const rule = { limit: 10, intervalMs: 1000 };
    for (const [staleSlotShare, givesUp] of [
      [0.003, true],
      [1, false],
    ] as const) {
      const { limiter, stallNext, close } = await stallingStore({ staleSlotShare });
      const key = freshKey();
      const first = await limiter.acquire(key, rule);
      stallNext(300);
      const slot = await limiter.acquire(key, rule);
      if (givesUp) {
        // The slot at +100 ms had passed by far more than 3 ms when read; so had the next
        // one (+200): the first slot still ahead, or nearly, is used.
        expect(slot.sendAtEpochMs - first.sendAtEpochMs).toBeGreaterThanOrEqual(299.9);
      } else {
        expect(slot.sendAtEpochMs - first.sendAtEpochMs).toBeCloseTo(100, 3);
        expect(slot.waitMs).toBe(0);
      }
      await close();
    }
  });

  it("does not shorten the wait when Redis itself answered late", async () => {
    const limiter = store();
    const key = freshKey();
    const rule = { limit: 1, intervalMs: 1000 };
    for (let i = 0; i < 5; i++) await limiter.acquire(freshKey(), rule);
    await limiter.acquire(key, rule);
    await admin.client("PAUSE", 300, "ALL");
    const slot = await limiter.acquire(key, rule);
    // The script ran once the pause ended (~300 ms in), so ~700 ms remain; taking the slow
    // answer for an unread reply would have given ~400.
    expect(slot.waitMs).toBeGreaterThan(600);
    expect(slot.waitMs).toBeLessThanOrEqual(710);
  });
});

describe("RedisLimiterStore: pauses are shared", () => {
  it("a pause set through one connection delays every other connection's next slot", async () => {
    const key = freshKey();
    const rule = { limit: 100, intervalMs: 1000 };
    const a = store();
    const b = store();
    await b.acquire(key, rule);
    const until = (await serverNowMs()) + 300;
    await a.pauseUntil(key, until);
    const next = await b.acquire(key, rule);
    expect(next.sendAtEpochMs).toBeCloseTo(until, 0);
    expect(next.waitMs).toBeGreaterThan(250);
    expect(next.waitMs).toBeLessThanOrEqual(300.001);
  });

  it("an earlier pause never shortens a later one", async () => {
    const key = freshKey();
    const rule = { limit: 100, intervalMs: 1000 };
    const limiter = store();
    const now = await serverNowMs();
    await limiter.pauseUntil(key, now + 400);
    await store().pauseUntil(key, now + 100);
    const next = await store().acquire(key, rule);
    expect(next.sendAtEpochMs).toBeCloseTo(now + 400, 0);
  });
});

describe("RedisLimiterStore: Redis losing its data", () => {
  it("does not hand out the same slots again after the data is gone, and reloads its script", async () => {
    const key = freshKey();
    const rule = { limit: 10, intervalMs: 1000 };
    const limiter = store();
    const before = [];
    for (let i = 0; i < 5; i++) before.push(await limiter.acquire(key, rule));
    const lastBefore = Math.max(...before.map((a) => a.sendAtEpochMs));
    // A restart without persistence: no keys, no cached scripts.
    await admin.flushall();
    await admin.script("FLUSH");
    const after = await limiter.acquire(key, rule);
    expect(after.sendAtEpochMs).toBeCloseTo(lastBefore + 100, 3);
  });

  it("replays a pause it knows of after the data is gone", async () => {
    const key = freshKey();
    const rule = { limit: 100, intervalMs: 1000 };
    const limiter = store();
    const until = (await serverNowMs()) + 300;
    await limiter.pauseUntil(key, until);
    await admin.flushall();
    const next = await limiter.acquire(key, rule);
    expect(next.sendAtEpochMs).toBeCloseTo(until, 0);
  });
});
