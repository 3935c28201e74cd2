import type { SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { afterEach, describe, expect, it } from "vitest";
import { createBrazeRuntime, type LimiterStore, MemoryLimiterStore } from "../src/index.js";
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
