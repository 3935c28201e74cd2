import { freePort, startRedisServer } from "@braze-subscriptions/redis-server";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  createBrazeRuntime,
  type LimiterStoreRecoveredEvent,
  type LimiterStoreUnavailableEvent,
} from "../../src/index.js";
import { RedisLimiterStore, RedisLimiterUnavailableError } from "../../src/redis/index.js";
import { collectOutcomes } from "../support/collect-outcomes.js";
import { countedSource } from "../support/counted-source.js";
import { endedAfterEach } from "./support/ended-after-each.js";

// Waiting on Redis is observable (hooks), abortable (stopSignal, an acquisition's signal), and
// a refused password fails at start-up at once instead of after the timeout.

const API_KEY = "waiting-key-93be1f0c44";
const track = endedAfterEach();

describe("a refused password", () => {
  it.each([
    ["a wrong password (WRONGPASS)", ":not-the-password@", /WRONGPASS/],
    ["no password (NOAUTH)", "", /NOAUTH/],
  ])("%s fails ready() at once, naming the reason, never the password", async (_n, auth, why) => {
    const server = track(await startRedisServer({ password: "the-real-s3cret" }));
    const store = track(
      new RedisLimiterStore({ url: `redis://${auth}127.0.0.1:${server.port}`, timeoutMs: 10_000 }),
    );
    const started = Date.now();
    const error = await store.ready().then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(Date.now() - started).toBeLessThan(3000);
    expect(error).toBeInstanceOf(RedisLimiterUnavailableError);
    const message = (error as Error).message;
    expect(message).toMatch(/Redis refused the credentials/);
    expect(message).toMatch(why);
    expect(`${message} ${JSON.stringify(error)}`).not.toMatch(/not-the-password|the-real-s3cret/);
  });

  it("the right password is ready", async () => {
    const server = track(await startRedisServer({ password: "the-real-s3cret" }));
    const store = track(
      new RedisLimiterStore({ url: `redis://:the-real-s3cret@127.0.0.1:${server.port}` }),
    );
    await expect(store.ready()).resolves.toBeUndefined();
  });
});

describe("an acquisition's signal", () => {
  it("lets the caller go at once while Redis is unreachable", async () => {
    const port = await freePort();
    const store = track(
      new RedisLimiterStore({ url: `redis://127.0.0.1:${port}`, timeoutMs: 20_000 }),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error("stopping")), 200);
    const started = Date.now();
    await expect(
      store.acquire("ns:bucket", { limit: 10, intervalMs: 1000 }, { signal: controller.signal }),
    ).rejects.toThrow("stopping");
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("a bulk call waiting on Redis", () => {
  let fake: BrazeFake | undefined;
  afterEach(async () => {
    await fake?.close();
    fake = undefined;
  });

  it("reports the outage once and the recovery once, and resumes with nothing lost", async () => {
    const server = track(await startRedisServer());
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const store = track(
      new RedisLimiterStore({ url: server.url, timeoutMs: 300, reconnectMaxDelayMs: 100 }),
    );
    const down: LimiterStoreUnavailableEvent[] = [];
    const up: LimiterStoreRecoveredEvent[] = [];
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      concurrency: 4,
      rateLimit: { store, limit: 20, intervalMs: 1000 },
      onLimiterStoreUnavailable: (event) => down.push(event),
      onLimiterStoreRecovered: (event) => up.push(event),
    });
    let killedAt = 0;
    const ids = Array.from({ length: 3000 }, (_, i) => `user-${i}`);
    const running = collectOutcomes(
      braze.setStatusStream(
        { subscriptionGroupId: "g", state: "subscribed", externalIds: ids },
        {
          onProgress: (progress) => {
            if (progress.succeeded >= 200 && killedAt === 0) {
              killedAt = Date.now();
              void server.kill().then(async () => {
                await new Promise((resolve) => setTimeout(resolve, 2000));
                await server.restart();
              });
            }
          },
        },
      ),
    );
    const outcomes = await running;
    await braze.close();
    expect(killedAt).toBeGreaterThan(0);
    expect(down).toHaveLength(1);
    expect(down[0]?.sinceEpochMs).toBeGreaterThanOrEqual(killedAt);
    expect(down[0]?.message).toMatch(/Redis limiter store at redis:\/\/127\.0\.0\.1:\d+/);
    expect(up).toHaveLength(1);
    expect(up[0]?.unavailableMs).toBeGreaterThanOrEqual(1500);
    expect(outcomes.filter((o) => o.outcome === "succeeded")).toHaveLength(3000);
  });

  it("a stop while waiting on Redis ends the call at once; nothing unsent is reported sent", async () => {
    const port = await freePort();
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const store = track(
      new RedisLimiterStore({ url: `redis://127.0.0.1:${port}`, timeoutMs: 500 }),
    );
    const down: LimiterStoreUnavailableEvent[] = [];
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      rateLimit: { store },
      onLimiterStoreUnavailable: (event) => down.push(event),
    });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 1500);
    const started = Date.now();
    const input = countedSource(500);
    const outcomes = await collectOutcomes(
      braze.setStatusStream(
        { subscriptionGroupId: "g", state: "subscribed", externalIds: input.source },
        { stopSignal: stop.signal },
      ),
    );
    await braze.close();
    expect(Date.now() - started).toBeLessThan(4000);
    expect(down).toHaveLength(1);
    expect(down[0]?.message).toMatch(/ECONNREFUSED|no answer within 500 ms/);
    // Every identifier read has one outcome (reading pauses while requests wait for slots).
    expect(input.read()).toBeGreaterThan(0);
    expect(outcomes).toHaveLength(input.read());
    expect(new Set(outcomes.map((o) => o.index)).size).toBe(input.read());
    // Nothing left the process: every identifier read is not sent (a rerun sends it), none failed.
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({
        outcome: "not_sent",
        reason: "stopped",
        error: { code: "aborted" },
      });
    }
    expect(fake.requests).toHaveLength(0);
  });
});
