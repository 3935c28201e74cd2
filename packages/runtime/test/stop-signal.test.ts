import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createBrazeRuntime, type Outcome } from "../src/index.js";
import { collectOutcomes } from "./support/collect-outcomes.js";
import { countedSource } from "./support/counted-source.js";
import { runtimeOfTwoSlots } from "./support/two-slots.js";

// `stopSignal`: a graceful stop (the CLI's first SIGINT). Nothing waits any more for a slot or
// a backoff, an attempt on the wire gets its answer, and every identifier read has one outcome.

const API_KEY = "stop-key-4f0c9a2b71";
let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function ids(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `user-${i}`);
}

describe("setStatusStream with stopSignal", () => {
  it("lets the request on the wire finish and ends the ones waiting for a slot at once", async () => {
    // Two requests per 20 s, no preflight read. A job sends its first write alone until one
    // succeeds (1 s to answer); then the second leaves on the last slot, the next ones wait for
    // slots that are far away, and the stop comes while the second is on the wire.
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false, latencyMs: 1000 });
    const braze = runtimeOfTwoSlots(API_KEY, fake.url);
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 1300);
    const started = Date.now();
    const input = countedSource(400);
    const outcomes = await collectOutcomes(
      braze.setStatusStream(
        { subscriptionGroupId: "g", state: "unsubscribed", externalIds: input.source },
        { stopSignal: stop.signal, preflight: false },
      ),
    );
    const elapsed = Date.now() - started;
    await braze.close();

    // Both answers were awaited (1 s each, one after the other), nothing else was (20 s per slot).
    expect(elapsed).toBeGreaterThanOrEqual(1900);
    expect(elapsed).toBeLessThan(6000);
    expect(fake.requests).toHaveLength(2);
    const succeeded = outcomes.filter((o) => o.outcome === "succeeded");
    expect(succeeded).toHaveLength(100);
    // Every identifier read has one outcome, those waiting for a slot included (reading pauses
    // while requests wait for slots).
    expect(input.read()).toBeGreaterThan(100);
    expect(outcomes).toHaveLength(input.read());
    expect(new Set(outcomes.map((o) => o.id)).size).toBe(input.read());
    // Those waiting for a slot never left: not sent (a rerun sends them), not failed.
    for (const outcome of outcomes.filter((o) => o.outcome !== "succeeded")) {
      expect(outcome).toMatchObject({
        outcome: "not_sent",
        reason: "stopped",
        error: { code: "aborted" },
      });
    }
    expect(new Set(fake.state.list("g").map((r) => r.id))).toEqual(
      new Set(succeeded.map((o) => o.id)),
    );
  });

  it("a short input read whole: requests still waiting for a slot at the stop get their outcomes too", async () => {
    // Four requests (200 identifiers), two slots per 20 s: the first two are sent, the last two
    // wait for a slot with the input read to its end; the stop ends them before they leave.
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false, latencyMs: 300 });
    const braze = runtimeOfTwoSlots(API_KEY, fake.url);
    const stop = new AbortController();
    const outcomes: Outcome[] = [];
    for await (const batch of braze.setStatusStream(
      { subscriptionGroupId: "g", state: "unsubscribed", externalIds: ids(200) },
      {
        stopSignal: stop.signal,
        preflight: false,
        onProgress: (progress) => {
          // Both sent, and the other two waiting: stop.
          if (progress.succeeded === 100) stop.abort();
        },
      },
    )) {
      outcomes.push(...batch.outcomes);
    }
    await braze.close();
    expect(fake.requests).toHaveLength(2);
    expect(outcomes).toHaveLength(200);
    expect(new Set(outcomes.map((o) => o.id)).size).toBe(200);
    expect(outcomes.filter((o) => o.outcome === "not_sent")).toHaveLength(100);
  });

  /** Every request answered 500 and retried after 30 s; the stop comes 500 ms in. */
  async function failingRuntimeStoppedSoon() {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      faults: { rates: { 500: 1 } },
    });
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      retry: { baseDelayMs: 30_000, maxDelayMs: 30_000 },
      random: () => 0.99,
    });
    const stop = new AbortController();
    setTimeout(() => stop.abort(), 500);
    return { braze, stop };
  }

  it("ends a request in a retry's backoff at once, without another attempt", async () => {
    const { braze, stop } = await failingRuntimeStoppedSoon();
    const started = Date.now();
    const outcomes = await collectOutcomes(
      braze.setStatusStream(
        { subscriptionGroupId: "g", state: "unsubscribed", externalIds: ids(10) },
        // No preflight read: the request in its backoff is the write itself.
        { stopSignal: stop.signal, preflight: false },
      ),
    );
    await braze.close();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(fake?.requests.map((r) => r.method)).toEqual(["POST"]);
    expect(outcomes).toHaveLength(10);
    // Its first attempt reached Braze (a 500 may still have been applied): failed, not not_sent.
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ outcome: "failed", error: { code: "aborted" } });
    }
  });

  it("ends identifiers whose write never left (the preflight read was in its backoff) not_sent, not failed", async () => {
    const { braze, stop } = await failingRuntimeStoppedSoon();
    const result = await braze.setStatus(
      { subscriptionGroupId: "g", state: "unsubscribed", externalIds: ids(10) },
      { stopSignal: stop.signal },
    );
    await braze.close();
    expect(fake?.requests.map((r) => r.method)).toEqual(["GET"]);
    expect(result).toMatchObject({ failed: 0, notSent: 10, requests: 0 });
    for (const outcome of result.outcomes ?? []) {
      expect(outcome).toMatchObject({ outcome: "not_sent", reason: "stopped" });
    }
  });

  it("stops reading: identifiers after the stop get no outcome, every one read gets one", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const stop = new AbortController();
    let read = 0;
    async function* source(): AsyncGenerator<string> {
      for (let i = 0; i < 10_000; i++) {
        read++;
        if (i === 120) stop.abort();
        yield `user-${i}`;
      }
    }
    const outcomes = await collectOutcomes(
      braze.setStatusStream(
        { subscriptionGroupId: "g", state: "subscribed", externalIds: source() },
        { stopSignal: stop.signal },
      ),
    );
    await braze.close();
    expect(read).toBeLessThan(200);
    expect(outcomes).toHaveLength(read);
    expect(new Set(outcomes.map((o) => o.index)).size).toBe(read);
  });
});

describe("setStatus with stopSignal says it was stopped", () => {
  // `stopped` was undefined after a stop: only the outcomes said so, and a result whose input
  // was cut short read like a job that had got through it (`if (!result.stopped) done()`).
  const stoppedByCaller = {
    reason: "stopped",
    error: { code: "aborted", message: "not sent: the call was stopped before this request left" },
  };

  it("a stop that leaves input unread: stopped, reason stopped", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const stop = new AbortController();
    async function* source(): AsyncGenerator<string> {
      for (let i = 0; i < 10_000; i++) {
        if (i === 120) stop.abort();
        yield `user-${i}`;
      }
    }
    const result = await braze.setStatus(
      { subscriptionGroupId: "g", state: "subscribed", externalIds: source() },
      { stopSignal: stop.signal },
    );
    await braze.close();
    expect(result.total).toBeLessThan(10_000);
    expect(result.stopped).toEqual(stoppedByCaller);
  });

  it("a stop that keeps back requests waiting for a slot: stopped, reason stopped", async () => {
    // Two slots per 20 s for four requests: the last two wait with the input read whole.
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false, latencyMs: 300 });
    const braze = runtimeOfTwoSlots(API_KEY, fake.url);
    const stop = new AbortController();
    const result = await braze.setStatus(
      { subscriptionGroupId: "g", state: "unsubscribed", externalIds: ids(200) },
      {
        stopSignal: stop.signal,
        preflight: false,
        onProgress: (progress) => {
          if (progress.succeeded === 100) stop.abort();
        },
      },
    );
    await braze.close();
    expect(result).toMatchObject({ total: 200, succeeded: 100, notSent: 100 });
    expect(result.stopped).toEqual(stoppedByCaller);
  });

  it("a stop after everything was sent and answered: nothing to say", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const stop = new AbortController();
    const result = await braze.setStatus(
      { subscriptionGroupId: "g", state: "subscribed", externalIds: ids(3) },
      { stopSignal: stop.signal },
    );
    stop.abort();
    await braze.close();
    expect(result).toMatchObject({ total: 3, succeeded: 3 });
    expect(result.stopped).toBeUndefined();
  });
});
