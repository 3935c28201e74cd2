import { freePort, startRedisServer } from "@braze-subscriptions/redis-server";
import { Redis } from "ioredis";
import { describe, expect, it } from "vitest";
import { BrazeError } from "../../src/errors/braze-error.js";
import {
  type RedisAcquisition,
  RedisLimiterStore,
  RedisLimiterUnavailableError,
} from "../../src/redis/index.js";
import { endedAfterEach } from "./support/ended-after-each.js";
import { rejection } from "./support/rejection.js";

// Redis unreachable, slow, killed and back: explicit failures within the timeout, no secret in
// any message, automatic reconnection, and the optional local fallback.

const rule = { limit: 10, intervalMs: 1000 };
const track = endedAfterEach();

describe("RedisLimiterStore when Redis is unreachable", () => {
  it("fails the acquisition after timeoutMs with a clear error that carries no password", async () => {
    const port = await freePort();
    const store = track(
      new RedisLimiterStore({ url: `redis://:s3cret-pass@127.0.0.1:${port}/0`, timeoutMs: 300 }),
    );
    const started = Date.now();
    const error = await rejection(store.acquire("ns:bucket", rule));
    const elapsed = Date.now() - started;

    expect(error).toBeInstanceOf(RedisLimiterUnavailableError);
    expect(error).toBeInstanceOf(BrazeError);
    const unavailable = error as RedisLimiterUnavailableError;
    expect(unavailable.name).toBe("RedisLimiterUnavailableError");
    expect(unavailable.code).toBe("rate_limiter_unavailable");
    expect(unavailable.endpoint).toBe(`redis://127.0.0.1:${port}/0`);
    expect(unavailable.message).toContain(`redis://127.0.0.1:${port}/0`);
    expect(unavailable.message).toContain("no answer within 300 ms");
    expect(unavailable.message).toContain("no rate-limit slot was granted");
    const everything = `${unavailable.message} ${unavailable.stack} ${JSON.stringify(unavailable)} ${String(unavailable.cause)}`;
    expect(everything).not.toContain("s3cret-pass");
    expect(elapsed).toBeGreaterThanOrEqual(290);
    expect(elapsed).toBeLessThan(2000);
    expect(store.endpoint).not.toContain("s3cret");
  });

  it("reconnects on its own once Redis is there", async () => {
    const port = await freePort();
    const store = track(
      new RedisLimiterStore({ url: `redis://127.0.0.1:${port}`, timeoutMs: 200 }),
    );
    expect(await rejection(store.acquire("ns:bucket", rule))).toBeInstanceOf(
      RedisLimiterUnavailableError,
    );
    track(await startRedisServer({ port }));
    // Reconnection attempts are at most `reconnectMaxDelayMs` (1 s) apart.
    await expect
      .poll(
        () =>
          store.acquire("ns:bucket", rule).then(
            (a) => a.source,
            () => "down",
          ),
        {
          timeout: 5000,
          interval: 100,
        },
      )
      .toBe("redis");
  });

  it("fails fast when Redis is killed, then replays what it knew once Redis restarts empty", async () => {
    const server = track(await startRedisServer());
    const store = track(
      new RedisLimiterStore({
        url: server.url,
        timeoutMs: 300,
        reconnectMaxDelayMs: 100,
      }),
    );
    let last = 0;
    for (let i = 0; i < 4; i++) last = (await store.acquire("ns:bucket", rule)).ticket;
    await server.kill();
    const pauseEnd = Date.now() + 1500;
    // The pause cannot reach Redis: it still holds here and travels with the next acquisition.
    expect(await rejection(store.pauseUntil("ns:bucket", pauseEnd))).toBeInstanceOf(
      RedisLimiterUnavailableError,
    );
    expect(await rejection(store.acquire("ns:bucket", rule))).toBeInstanceOf(
      RedisLimiterUnavailableError,
    );
    await server.restart();
    await expect
      .poll(
        () =>
          store.acquire("ns:bucket", rule).then(
            (a) => a.source,
            () => "down",
          ),
        {
          timeout: 5000,
          interval: 100,
        },
      )
      .toBe("redis");
    // Redis forgot everything: the pause came back with the acquisition, and the ticket
    // count goes on from where this process saw it.
    const wait = await store.acquire("ns:bucket", rule);
    expect(wait.ticket).toBe(0);
    expect(Date.now() + wait.waitMs).toBeGreaterThanOrEqual(pauseEnd - 50);
    await new Promise((resolve) => setTimeout(resolve, wait.waitMs + 20));
    await expect
      .poll(() => store.acquire("ns:bucket", rule).then((a) => a.ticket), {
        timeout: 5000,
        interval: 100,
      })
      .toBe(last + 1);
  });
});

describe("RedisLimiterStore when Redis is slow", () => {
  it("gives up after timeoutMs and works again when Redis answers", async () => {
    const server = track(await startRedisServer());
    const store = track(new RedisLimiterStore({ url: server.url, timeoutMs: 250 }));
    await store.acquire("ns:bucket", rule);
    const admin = track(new Redis(server.url));
    await admin.client("PAUSE", 1000, "ALL");
    const started = Date.now();
    const error = await rejection(store.acquire("ns:bucket", rule));
    expect(error).toBeInstanceOf(RedisLimiterUnavailableError);
    expect(Date.now() - started).toBeLessThan(900);
    await admin.client("UNPAUSE");
    const after = await store.acquire("ns:bucket", rule);
    expect(after.source).toBe("redis");
  });
});

describe("RedisLimiterStore when Redis answers after the caller gave up", () => {
  it("gives the late grant back: it does not count as in flight", async () => {
    const server = track(await startRedisServer());
    const store = track(new RedisLimiterStore({ url: server.url, timeoutMs: 250 }));
    const admin = track(new Redis(server.url));
    // A minute's window: the log outlives the test (it expires three windows after a grant).
    const rule = { limit: 10, intervalMs: 60_000 };
    const first = await store.acquire("ns:bucket", rule);
    await store.observe("ns:bucket", rule, { ticket: first.ticket, refused: false });
    // The script is sent, Redis holds it past the timeout, then runs it: a grant nobody uses.
    await admin.client("PAUSE", 1000, "ALL");
    expect(await rejection(store.acquire("ns:bucket", rule))).toBeInstanceOf(
      RedisLimiterUnavailableError,
    );
    await admin.client("UNPAUSE");
    const hash = "braze-subscriptions:limiter:ns:bucket";
    await expect.poll(() => admin.hget(hash, "seq"), { timeout: 5000, interval: 50 }).toBe("2");
    // Unanswered grants count against every word's Remaining until trimmed from the log
    // (twice the limit's grants later); the late one must not be one of them.
    await expect
      .poll(() => admin.zcount(`${hash}:log`, "+inf", "+inf"), { timeout: 5000, interval: 50 })
      .toBe(0);
    expect(await admin.zcard(`${hash}:log`)).toBe(2);
  });
});

describe('RedisLimiterStore with onUnavailable: "local"', () => {
  it("grants slots from an in-memory limiter at localShare of the budget while Redis is away", async () => {
    const port = await freePort();
    const store = track(
      new RedisLimiterStore({
        url: `redis://127.0.0.1:${port}`,
        onUnavailable: "local",
        localShare: 0.5,
        timeoutMs: 200,
      }),
    );
    const grants: RedisAcquisition[] = [];
    for (let i = 0; i < 5; i++) grants.push(await store.acquire("ns:bucket", rule));
    expect(grants.map((g) => g.source)).toEqual(["local", "local", "local", "local", "local"]);
    // Half of 10 per second: 5 granted (local tickets are negative), then a wait.
    expect(grants.map((g) => g.waitMs)).toEqual([0, 0, 0, 0, 0]);
    expect(grants.every((g) => g.ticket < 0)).toBe(true);
    expect((await store.acquire("ns:bucket", rule)).waitMs).toBeGreaterThan(0);
    // A pause holds locally too.
    await store.pauseUntil("ns:bucket", Date.now() + 5000);
    expect((await store.acquire("ns:bucket", rule)).waitMs).toBeGreaterThan(4900);

    track(await startRedisServer({ port }));
    await expect
      .poll(() => store.acquire("other:bucket", rule).then((a) => a.source), {
        timeout: 5000,
        interval: 100,
      })
      .toBe("redis");
  });
});
