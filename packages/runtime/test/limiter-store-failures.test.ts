import type { SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { afterEach, describe, expect, it } from "vitest";
import {
  BrazeLimiterUnavailableError,
  createBrazeRuntime,
  type LimiterStore,
  MemoryLimiterStore,
} from "../src/index.js";
import { accepted, json, startScriptedServer } from "./support/scripted-server.js";

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A store that fails its first `failures` acquisitions (a Redis that is restarting). */
function flakyStore(failures: number): LimiterStore & { calls: number } {
  const inner = new MemoryLimiterStore();
  return {
    calls: 0,
    async acquire(key, rule) {
      this.calls++;
      if (this.calls <= failures) throw new Error("ECONNREFUSED 127.0.0.1:6379");
      return inner.acquire(key, rule);
    },
    observe: (key, rule, observation) => inner.observe(key, rule, observation),
    pauseUntil: (key, until) => inner.pauseUntil(key, until),
  };
}

describe("limiter store failures", () => {
  it("waits and retries the acquisition; nothing is lost", async () => {
    server = await startScriptedServer([json(201, { message: "success" })]);
    const warnings: string[] = [];
    const store = flakyStore(3);
    const braze = createBrazeRuntime({
      apiKey: "k",
      baseUrl: server.url,
      rateLimit: { store },
      logger: { debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} },
    });
    // Without the preflight read, whose slot would be one more call to the store.
    const result = await braze.setStatus(
      { subscriptionGroupId: "g", state: "subscribed", externalIds: ["a", "b"] },
      { preflight: false },
    );
    expect(result).toMatchObject({ succeeded: 2, failed: 0 });
    expect(store.calls).toBe(4);
    expect(warnings.filter((w) => w.includes("rate-limit store failed"))).toHaveLength(3);
  });

  it("ends identifiers as failed with rate_limiter_unavailable when the store stays down", async () => {
    server = await startScriptedServer([accepted()]);
    const braze = createBrazeRuntime({
      apiKey: "k",
      baseUrl: server.url,
      rateLimit: { store: flakyStore(Number.POSITIVE_INFINITY) },
      retry: { maxElapsedMs: 300 },
    });
    const result = await braze.setStatus({
      subscriptionGroupId: "g",
      state: "subscribed",
      externalIds: ["a", "b"],
    });
    expect(result).toMatchObject({ total: 2, failed: 2, succeeded: 0 });
    expect(result.outcomes?.map((o) => o.outcome === "failed" && o.error.code)).toEqual([
      "rate_limiter_unavailable",
      "rate_limiter_unavailable",
    ]);
    // No write reached the server (the preflight read does not use the write bucket's store).
    expect(server.seen.filter((r) => r.method === "POST")).toHaveLength(0);
  });

  it("shares one budget between runtimes using the same store and namespace", async () => {
    server = await startScriptedServer([accepted()]);
    const store = new MemoryLimiterStore();
    const rateLimit = { store, limit: 10, intervalMs: 500, headroom: 0 };
    const one = createBrazeRuntime({ apiKey: "k", baseUrl: server.url, rateLimit });
    const two = createBrazeRuntime({ apiKey: "k", baseUrl: server.url, rateLimit });
    const body: SetSubscriptionStatusBody = {
      subscription_group_id: "g",
      subscription_state: "subscribed",
      external_id: ["a"],
    };
    await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? one : two).send(body)));
    const times = server.seen.map((r) => r.time).sort((a, b) => a - b);
    // 10 per 500 ms, shared (no headers: the spec's rule): ten at once, the 11th only once the
    // first answers are 500 ms old.
    expect((times[9] as number) - (times[0] as number)).toBeLessThan(400);
    expect((times[10] as number) - (times[0] as number)).toBeGreaterThanOrEqual(495);
  });
});

/** Long enough not to be scrubbed out of every message by accident (a key "k" would be). */
const REFUSAL_KEY = "refusing-store-key-7c3a9e51";

/** The error of a store that says waiting will not help (as `RedisLimiterRefusedError` does). */
function refusal(): Error {
  return Object.assign(new Error("the bucket's key holds another application's value"), {
    permanent: true,
  });
}

/**
 * A store that grants `grants` slots, then refuses every acquisition for good (another
 * application wrote at the bucket's key mid-job); its `check` refuses when `checkRefuses`.
 */
function refusingStore(grants: number, check?: () => Error): LimiterStore & { calls: number } {
  const inner = new MemoryLimiterStore();
  return {
    calls: 0,
    async acquire(key, rule) {
      this.calls++;
      if (this.calls > grants) throw refusal();
      return inner.acquire(key, rule);
    },
    observe: (key, rule, observation) => inner.observe(key, rule, observation),
    pauseUntil: (key, until) => inner.pauseUntil(key, until),
    ...(check
      ? {
          async check() {
            throw check();
          },
        }
      : {}),
  };
}

describe("a limiter store that refuses for good (its error's `permanent` is true)", () => {
  const ids = Array.from({ length: 200 }, (_, i) => `user-${i}`);

  it("stops the job at its first acquisition: no retry, no outage reported, every identifier not_sent", async () => {
    server = await startScriptedServer([accepted()]);
    const store = refusingStore(0);
    const warnings: string[] = [];
    const outages: unknown[] = [];
    const stops: unknown[] = [];
    const braze = createBrazeRuntime({
      apiKey: REFUSAL_KEY,
      baseUrl: server.url,
      concurrency: 4,
      rateLimit: { store },
      // Waiting it out (as before) would end in 2 s with the identifiers failed.
      retry: { maxElapsedMs: 2000 },
      logger: { debug() {}, info() {}, warn: (m) => warnings.push(m), error() {} },
      onLimiterStoreUnavailable: (event) => outages.push(event),
      onSystematicFailure: (event) => stops.push(event),
    });
    const result = await braze.setStatus(
      { subscriptionGroupId: "g", state: "subscribed", externalIds: ids },
      { preflight: false },
    );
    expect(store.calls).toBe(1);
    expect(result).toMatchObject({ total: 200, notSent: 200, failed: 0, requests: 0 });
    expect(result.stopped).toMatchObject({
      reason: "systematic_failure",
      error: { code: "rate_limiter_unavailable" },
    });
    expect(result.stopped?.error.message).toMatch(
      /refused for good: the bucket's key holds another application's value/,
    );
    expect(result.outcomes?.map((o) => o.index).sort((a, b) => a - b)).toEqual(
      ids.map((_, i) => i),
    );
    for (const outcome of result.outcomes ?? []) {
      expect(outcome).toMatchObject({ outcome: "not_sent", reason: "systematic_failure" });
    }
    expect(server.seen).toHaveLength(0);
    expect(outages).toHaveLength(0);
    expect(warnings.filter((w) => w.includes("rate-limit store failed"))).toHaveLength(0);
    expect(stops).toMatchObject([{ source: "bulk", rule: "fatal_status" }]);
  });

  /** Sets `ids` through a runtime limited by `store`, without the preflight read. */
  const jobOn = (store: LimiterStore, url: string, concurrency?: number) =>
    createBrazeRuntime({
      apiKey: REFUSAL_KEY,
      baseUrl: url,
      ...(concurrency === undefined ? {} : { concurrency }),
      rateLimit: { store },
      retry: { maxElapsedMs: 2000 },
    }).setStatus(
      { subscriptionGroupId: "g", state: "subscribed", externalIds: ids },
      { preflight: false },
    );

  it("refused mid-job: what was sent keeps its answer, the rest is not_sent, each identifier once", async () => {
    server = await startScriptedServer([accepted()]);
    const store = refusingStore(2);
    const result = await jobOn(store, server.url, 4);
    const cap = JSON.parse(server.seen[0]?.body ?? "{}").external_id.length as number;
    expect(server.seen).toHaveLength(2);
    expect(result).toMatchObject({ succeeded: 2 * cap, notSent: 200 - 2 * cap, failed: 0 });
    expect(new Set(result.outcomes?.map((o) => o.index)).size).toBe(200);
    expect(result.stopped?.reason).toBe("systematic_failure");
  });

  it("a retry's slot refused: that request had left once, so its identifiers fail; the job stops", async () => {
    server = await startScriptedServer([json(503, { message: "busy" }), accepted()]);
    const result = await jobOn(refusingStore(1), server.url);
    const cap = JSON.parse(server.seen[0]?.body ?? "{}").external_id.length as number;
    expect(server.seen).toHaveLength(1);
    expect(result).toMatchObject({ failed: cap, notSent: 200 - cap, succeeded: 0 });
    expect(result.stopped?.reason).toBe("systematic_failure");
  });

  it("a store whose check refuses stops the job before the preflight read; any other error there is ignored", async () => {
    server = await startScriptedServer([json(200, { status: {} }), accepted()]);
    const refused = refusingStore(Number.POSITIVE_INFINITY, refusal);
    const braze = createBrazeRuntime({
      apiKey: REFUSAL_KEY,
      baseUrl: server.url,
      rateLimit: { store: refused },
    });
    const result = await braze.setStatus({
      subscriptionGroupId: "g",
      state: "subscribed",
      externalIds: ids,
    });
    expect(result).toMatchObject({ notSent: 200, requests: 0, stopped: { reason: "preflight" } });
    expect(refused.calls).toBe(0);
    expect(server.seen).toHaveLength(0);

    const flaky = refusingStore(Number.POSITIVE_INFINITY, () => new Error("ECONNRESET"));
    const other = createBrazeRuntime({
      apiKey: REFUSAL_KEY,
      baseUrl: server.url,
      rateLimit: { store: flaky },
    });
    const ok = await other.setStatus({
      subscriptionGroupId: "g",
      state: "subscribed",
      externalIds: ids,
    });
    expect(ok).toMatchObject({ succeeded: 200, notSent: 0 });
  });

  it("a store whose check never answers holds a job at most timeoutMs, and a stop not at all", async () => {
    server = await startScriptedServer([json(200, { status: {} }), accepted()]);
    const inner = new MemoryLimiterStore();
    const hung: LimiterStore = {
      acquire: (key, rule) => inner.acquire(key, rule),
      observe: (key, rule, observation) => inner.observe(key, rule, observation),
      pauseUntil: (key, until) => inner.pauseUntil(key, until),
      check: () => new Promise<void>(() => {}),
    };
    const input = { subscriptionGroupId: "g", state: "subscribed" as const, externalIds: ids };
    // It cannot tell within the request timeout: the job goes on, as when Redis is slow.
    const patient = createBrazeRuntime({
      apiKey: REFUSAL_KEY,
      baseUrl: server.url,
      timeoutMs: 300,
      rateLimit: { store: hung },
    });
    expect(await patient.setStatus(input)).toMatchObject({ succeeded: 200, notSent: 0 });
    // A stop while it waits ends the job (the store's check takes no signal). It waited forever.
    const stop = new AbortController();
    const stopping = createBrazeRuntime({
      apiKey: REFUSAL_KEY,
      baseUrl: server.url,
      rateLimit: { store: hung },
    }).setStatus(input, { stopSignal: stop.signal });
    setTimeout(() => stop.abort(), 50);
    const stopped = await Promise.race([
      stopping,
      new Promise<string>((resolve) => setTimeout(resolve, 10_000, "still waiting after 10 s")),
    ]);
    // What was read before the stop (the first batch) ends not_sent: nothing left.
    expect(stopped).toMatchObject({ succeeded: 0, failed: 0, requests: 0 });
    const { total, notSent } = stopped as { total: number; notSent: number };
    expect(notSent).toBe(total);
  });

  it("per-event calls refused for good end not_sent also with failFast.cooldownMs 0", async () => {
    server = await startScriptedServer([accepted()]);
    const store = refusingStore(1);
    const braze = createBrazeRuntime({
      apiKey: REFUSAL_KEY,
      baseUrl: server.url,
      rateLimit: { store },
      failFast: { cooldownMs: 0 },
    });
    const first = await braze.subscribe({ subscriptionGroupId: "g", externalId: "a" });
    // The breaker is closed again as soon as it opened: this said `failed`, as if sent.
    const second = await braze.subscribe({ subscriptionGroupId: "g", externalId: "b" });
    await braze.close();
    expect(first.outcome).toBe("succeeded");
    expect(second).toMatchObject({
      outcome: "not_sent",
      reason: "systematic_failure",
      error: { code: "rate_limiter_unavailable" },
    });
  });

  it("send() rejects at once with a permanent BrazeLimiterUnavailableError", async () => {
    server = await startScriptedServer([accepted()]);
    const store = refusingStore(0);
    const braze = createBrazeRuntime({
      apiKey: REFUSAL_KEY,
      baseUrl: server.url,
      rateLimit: { store },
      retry: { maxElapsedMs: 2000 },
    });
    const error = await braze
      .send({ subscription_group_id: "g", subscription_state: "subscribed", external_id: ["a"] })
      .catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(BrazeLimiterUnavailableError);
    expect(error).toMatchObject({ permanent: true });
    expect(JSON.parse(JSON.stringify(error))).toMatchObject({ permanent: true });
    expect(store.calls).toBe(1);
  });
});
