import { type RedisServer, startRedisServer } from "@braze-subscriptions/redis-server";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { MemoryLimiterStore } from "../../src/limiter/memory-limiter-store.js";
import { RedisLimiterStore } from "../../src/redis/index.js";
import { maxInAnyWindow } from "./support/max-in-any-window.js";

// The runtime's budget in Lua against a real redis-server: the same decisions as the in-memory
// store, one view of the server's words for every connection, pauses shared, the sliding-log
// rule under many concurrent acquirers, and what survives Redis losing its data.

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

/** Grants as many as `limiter` grants now on `key`; returns their tickets. */
async function drain(
  limiter: RedisLimiterStore,
  key: string,
  rule: { limit: number; intervalMs: number; share?: number },
): Promise<number[]> {
  const tickets: number[] = [];
  for (;;) {
    const grant = await limiter.acquire(key, rule);
    if (grant.waitMs > 0) return tickets;
    tickets.push(grant.ticket);
  }
}

/** One grant, the server's word on it, then as many grants as follow: [first ticket, how many]. */
async function grantsAfterFirstWord(
  s: RedisLimiterStore | MemoryLimiterStore,
  key: string,
  rule: { limit: number; intervalMs: number },
  word: { remaining: number; limit: number; resetInMs: number },
): Promise<[number, number]> {
  const first = await s.acquire(key, rule);
  await s.observe(key, rule, {
    ticket: first.ticket,
    refused: false,
    remaining: word.remaining,
    limit: word.limit,
    resetAtMs: Date.now() + word.resetInMs,
  });
  let more = 0;
  for (let g = await s.acquire(key, rule); g.waitMs === 0; g = await s.acquire(key, rule)) more++;
  return [first.ticket, more];
}

describe("RedisLimiterStore: the budget on the server's clock", () => {
  it("grants the whole limit at once, then asks to wait about one window", async () => {
    const limiter = store();
    const key = freshKey();
    const rule = { limit: 10, intervalMs: 1000, headroom: 0.02 };
    expect(await drain(limiter, key, rule)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    // Unanswered requests count in the window; once answered, they leave it a window later.
    for (let ticket = 1; ticket <= 10; ticket++) {
      await limiter.observe(key, rule, { ticket, refused: false });
    }
    const next = await limiter.acquire(key, rule);
    expect(next.ticket).toBe(0);
    expect(next.waitMs).toBeGreaterThan(900);
    expect(next.waitMs).toBeLessThanOrEqual(1020.001);
  });

  it("never grants more than the limit in any sliding window, across many connections", async () => {
    const key = freshKey();
    // The runtime's default headroom: the log forgets an answered grant half the fastest round
    // trip before its answer plus the window (the way back), which holds while each way takes
    // a quarter of the fastest at least. Here the ways are event-loop turns, not a network:
    // under load the fastest is a few ms and one way of another request well under a quarter
    // of it (without it, 23 to 33 answers fell in one window in 3 of 22 loaded runs).
    const rule = { limit: 20, intervalMs: 500, headroom: 0.02 };
    const acquirers = Array.from({ length: 8 }, () => store());
    const answeredAt: number[] = [];
    // 8 connections × 8 senders, 160 requests, each answered as soon as it is granted.
    let left = 160;
    const sender = async (limiter: RedisLimiterStore) => {
      while (left > 0) {
        const grant = await limiter.acquire(key, rule);
        if (grant.waitMs > 0) {
          await new Promise((resolve) => setTimeout(resolve, Math.min(grant.waitMs, 50)));
          continue;
        }
        left--;
        answeredAt.push(await serverNowMs());
        await limiter.observe(key, rule, { ticket: grant.ticket, refused: false });
      }
    };
    await Promise.all(
      acquirers.flatMap((limiter) => Array.from({ length: 8 }, () => sender(limiter))),
    );
    expect(answeredAt.length).toBeGreaterThanOrEqual(160);
    expect(maxInAnyWindow(answeredAt, rule.intervalMs)).toBeLessThanOrEqual(rule.limit);
  });

  it.each([
    // 50 remain, so others took 49 of this window: no more than 49 go, whatever the log.
    {
      name: "others' draw",
      limit: 100,
      word: { remaining: 50, limit: 100, resetInMs: 1000 },
      more: 49,
    },
    // Told 40 per window; the server counts 10: its word caps the log for every connection.
    {
      name: "the server's lower limit",
      limit: 40,
      word: { remaining: 9, limit: 10, resetInMs: 60_000 },
      more: 9,
    },
  ])("takes the same decisions as the runtime's in-memory store ($name)", async (c) => {
    const rule = { limit: c.limit, intervalMs: 60_000 };
    const fromRedis = await grantsAfterFirstWord(store(), freshKey(), rule, c.word);
    const inMemory = await grantsAfterFirstWord(new MemoryLimiterStore(), "k", rule, c.word);
    expect(fromRedis).toEqual(inMemory);
    expect(fromRedis).toEqual([1, c.more]);
  });

  it("shares every word of the server: one connection's answer is every connection's budget", async () => {
    const key = freshKey();
    const rule = { limit: 100, intervalMs: 60_000 };
    const a = store();
    const b = store();
    const { ticket } = await a.acquire(key, rule);
    await a.observe(key, rule, {
      ticket,
      refused: false,
      remaining: 10,
      limit: 100,
      resetAtMs: Date.now() + 1000,
    });
    // Another connection, another process: what remains is the same budget, whoever asks
    // (10 remain; others drew 89 in 59 s, so about 1.5 more are theirs before the reset: 8,
    // and the window's late word, since the reset is less than a tenth of the interval away).
    expect(await drain(b, key, rule)).toHaveLength(9);
  });

  it("keeps to share × limit per window", async () => {
    const key = freshKey();
    expect(await drain(store(), key, { limit: 10, intervalMs: 60_000, share: 0.3 })).toHaveLength(
      3,
    );
  });

  it("keeps state under keyPrefix + key; an idle bucket's log expires, its hash lasts a week", async () => {
    const limiter = store();
    const key = freshKey();
    const rule = { limit: 10, intervalMs: 1000 };
    const { ticket } = await limiter.acquire(key, rule);
    const logTtl = await admin.pttl(`braze-subscriptions:limiter:${key}:log`);
    expect(logTtl).toBeGreaterThan(2900);
    expect(logTtl).toBeLessThanOrEqual(3001);
    // The windows answers named go with the log (an answer comes after its grant's keep).
    await limiter.observe(key, rule, { ticket, refused: false, remaining: 9, limit: 10 });
    const winTtl = await admin.pttl(`braze-subscriptions:limiter:${key}:win`);
    expect(winTtl).toBeGreaterThan(2800);
    expect(winTtl).toBeLessThanOrEqual(3001);
    const week = 7 * 24 * 3600 * 1000;
    const hashTtl = await admin.pttl(`braze-subscriptions:limiter:${key}`);
    expect(hashTtl).toBeGreaterThan(week - 100);
    expect(hashTtl).toBeLessThanOrEqual(week);
    const custom = store({ keyPrefix: "other:" });
    await custom.acquire(key, { limit: 10, intervalMs: 1000 });
    expect(await admin.exists(`other:${key}`)).toBe(1);
  });
});

describe("RedisLimiterStore: pauses are shared", () => {
  it("a pause set through one connection holds back every other connection", async () => {
    const key = freshKey();
    const rule = { limit: 100, intervalMs: 1000 };
    const a = store();
    const b = store();
    await b.acquire(key, rule);
    const until = (await serverNowMs()) + 300;
    await a.pauseUntil(key, until);
    const next = await b.acquire(key, rule);
    expect(next.ticket).toBe(0);
    expect(next.waitMs).toBeGreaterThan(250);
    expect(next.waitMs).toBeLessThanOrEqual(300.001);
  });

  it("an earlier pause never shortens a later one", async () => {
    const key = freshKey();
    const rule = { limit: 100, intervalMs: 1000 };
    const now = await serverNowMs();
    await store().pauseUntil(key, now + 400);
    await store().pauseUntil(key, now + 100);
    const next = await store().acquire(key, rule);
    expect(next.waitMs).toBeGreaterThan(300);
  });
});

describe("RedisLimiterStore: Redis losing its data", () => {
  it("hands out no ticket twice after the data is gone, waits a window, and reloads its script", async () => {
    const key = freshKey();
    const rule = { limit: 10, intervalMs: 500 };
    const limiter = store();
    const before = await drain(limiter, key, rule);
    // A restart without persistence: no keys, no cached scripts, no log of recent grants.
    await admin.flushall();
    await admin.script("FLUSH");
    const after = await limiter.acquire(key, rule);
    expect(after.ticket).toBe(0);
    expect(after.waitMs).toBeGreaterThan(400);
    await new Promise((resolve) => setTimeout(resolve, after.waitMs + 20));
    const next = await limiter.acquire(key, rule);
    expect(next.ticket).toBe(Math.max(...before) + 1);
  });

  it("after an idle longer than its log is kept, grants at once, as the in-memory store does", async () => {
    const key = freshKey();
    const rule = { limit: 10, intervalMs: 100 };
    const limiter = store();
    const memory = new MemoryLimiterStore();
    for (const s of [limiter, memory]) {
      const { ticket } = await s.acquire(key, rule);
      await s.observe(key, rule, { ticket, refused: false });
    }
    // Idle: nothing acquired for three windows, so Redis forgets the log (not a data loss).
    while ((await admin.exists(`braze-subscriptions:limiter:${key}:log`)) === 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const inMemory = await memory.acquire(key, rule);
    expect(inMemory).toEqual({ waitMs: 0, ticket: 2 });
    expect(await limiter.acquire(key, rule)).toMatchObject(inMemory);
  });

  it("reads a field that is not a finite number (another version, a hand edit) as unset, not as an error forever", async () => {
    const key = freshKey();
    const rule = { limit: 10, intervalMs: 1000 };
    // Lua's tonumber takes "nan" and "inf"; a NaN pause made every acquisition's expiry
    // fail ("value is not an integer"), and the hash, kept a week past each attempt, never
    // went away: no process could send on the bucket again.
    await admin.hset(`braze-subscriptions:limiter:${key}`, {
      seq: "inf",
      pause: "nan",
      obsRem: "inf",
      obsReset: "-inf",
      probeAt: "nan",
      wrtt: "nan",
      rtt: "nan",
      lateRtt: "nan",
      firstAns: "inf",
    });
    const limiter = store();
    const first = await limiter.acquire(key, rule);
    expect(first).toMatchObject({ waitMs: 0, ticket: 1 });
    await limiter.observe(key, rule, { ticket: first.ticket, refused: false });
    expect((await limiter.acquire(key, rule)).ticket).toBe(2);
    // The answer's round trip replaced the unreadable one.
    expect(
      Number(await admin.hget(`braze-subscriptions:limiter:${key}`, "rtt")),
    ).toBeGreaterThanOrEqual(0);
  });

  it("replays a pause it knows of after the data is gone", async () => {
    const key = freshKey();
    const rule = { limit: 100, intervalMs: 1000 };
    const limiter = store();
    const until = (await serverNowMs()) + 300;
    await limiter.pauseUntil(key, until);
    await admin.flushall();
    const next = await limiter.acquire(key, rule);
    expect(next.waitMs).toBeGreaterThan(250);
  });
});
