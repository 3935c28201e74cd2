import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  BrazeAbortError,
  BrazeInterruptedError,
  createBrazeRuntime,
  type GetStatusResult,
  type ReadOutcome,
} from "../src/index.js";

// getStatus spends the workspace's shared read budget: when it cannot finish, what it read
// must reach the caller with the error (as setStatus's outcomes do), or a rerun pays twice.

const API_KEY = "test-key-interrupted-0123456789";
const GROUP = "g";
const read = operationMetadata.getSubscriptionStatus;
const STATES = ["subscribed", "unsubscribed", "unknown"] as const;

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** `u0`, `u1`, … with states cycling subscribed, unsubscribed, none, as the fake holds them. */
function seed(braze: BrazeFake, count: number): string[] {
  const ids = Array.from({ length: count }, (_, i) => `u${i}`);
  for (const [i, externalId] of ids.entries()) {
    const state = STATES[i % 3];
    if (state === "subscribed" || state === "unsubscribed")
      braze.state.set(GROUP, { externalId }, state);
  }
  return ids;
}

/** Each state outcome is the one the fake holds for that identifier. */
function expectFakeStates(outcomes: readonly ReadOutcome[]): void {
  for (const outcome of outcomes) {
    if (outcome.outcome === "failed") continue;
    expect(outcome.outcome, outcome.id).toBe(STATES[Number(outcome.id.slice(1)) % 3]);
  }
}

/** Neither the error, its message, its cause nor its result holds the key. */
function expectNoKey(error: Error & { result?: unknown }): void {
  const seen = JSON.stringify({
    json: error,
    message: error.message,
    stack: error.stack,
    cause: String(error.cause),
    causeStack: (error.cause as Error | undefined)?.stack,
    result: error.result,
  });
  expect(seen).not.toContain(API_KEY);
}

describe("getStatus that cannot finish keeps what it read", () => {
  it("a source throwing after N identifiers: BrazeInterruptedError whose result holds N outcomes, as the fake holds them", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const ids = seed(fake, 130);
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    // The source's own message holds the key (a connection string, say): it must not leak.
    const diskGone = Object.assign(new Error(`EIO: i/o error, read (key ${API_KEY})`), {
      code: "EIO",
    });
    async function* lines() {
      yield* ids;
      throw diskGone;
    }
    const error = (await braze
      .getStatus({ subscriptionGroupId: GROUP, externalIds: lines() })
      .catch((e: unknown) => e)) as BrazeInterruptedError;

    expect(error).toBeInstanceOf(BrazeInterruptedError);
    expect(error.message).toContain("getStatus was interrupted after 130 identifiers");
    expect(error.message).toContain("EIO: i/o error, read");
    expect(error.cause).toMatchObject({ code: "EIO" });
    expectNoKey(error);
    const result = error.result as GetStatusResult;
    expect(result).toMatchObject({
      total: 130,
      subscribed: 44,
      unsubscribed: 43,
      unknown: 43,
      failed: 0,
      requests: 3,
    });
    expect(result.outcomes).toHaveLength(130);
    expect(new Set(result.outcomes.map((o) => o.id))).toEqual(new Set(ids));
    expectFakeStates(result.outcomes);
    // Those reads were spent once: nothing more was read after the source failed.
    expect(fake.requests.filter((r) => r.path === read.path)).toHaveLength(3);
    await braze.close();
  });

  it("a callback throwing midway (onProgress): BrazeInterruptedError with what settled", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const ids = seed(fake, 500);
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url, concurrency: 1 });
    const error = (await braze
      .getStatus(
        { subscriptionGroupId: GROUP, externalIds: ids },
        {
          onProgress: (counts) => {
            if (counts.subscribed + counts.unsubscribed + counts.unknown >= 150)
              throw new Error("progress sink gone");
          },
        },
      )
      .catch((e: unknown) => e)) as BrazeInterruptedError;
    expect(error).toBeInstanceOf(BrazeInterruptedError);
    expect(error.message).toContain("progress sink gone");
    const result = error.result as GetStatusResult;
    expect(result.outcomes.length).toBeGreaterThanOrEqual(100);
    expect(result.outcomes.length).toBeLessThan(ids.length);
    expectFakeStates(result.outcomes);
    expectNoKey(error);
    await braze.close();
  });

  it("a callback throwing with reads on the wire: every identifier read still has its outcome", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false, latencyMs: 30 });
    const ids = seed(fake, 2_000);
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url, concurrency: 4 });
    let calls = 0;
    const error = (await braze
      .getStatus(
        { subscriptionGroupId: GROUP, externalIds: ids },
        {
          onProgress: () => {
            if (++calls === 5) throw new Error("progress sink gone");
          },
        },
      )
      .catch((e: unknown) => e)) as BrazeInterruptedError;
    expect(error).toBeInstanceOf(BrazeInterruptedError);
    const result = error.result as GetStatusResult;
    // The step being handed over when it threw, and the reads on the wire, were paid for:
    // none is dropped.
    expect(result.outcomes).toHaveLength(result.total);
    expect(result.total).toBeLessThan(ids.length);
    const answered = fake.requests
      .filter((r) => r.path === read.path && r.status === 200)
      .reduce((sum, r) => sum + r.identifierCount, 0);
    const states = result.outcomes.filter((o) => o.outcome !== "failed");
    expect(states).toHaveLength(answered);
    expectFakeStates(states);
    await braze.close();
  });

  it("an abort midway: BrazeAbortError whose result holds an outcome for every identifier read", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false, latencyMs: 40 });
    const ids = seed(fake, 5_000);
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url, concurrency: 2 });
    const controller = new AbortController();
    let settled = 0;
    const error = (await braze
      .getStatus(
        { subscriptionGroupId: GROUP, externalIds: ids },
        {
          signal: controller.signal,
          // Abort once some reads have answered, with others on the wire.
          onProgress: (counts) => {
            settled = counts.subscribed + counts.unsubscribed + counts.unknown;
            if (settled >= 200) controller.abort();
          },
        },
      )
      .catch((e: unknown) => e)) as BrazeAbortError;
    expect(error).toBeInstanceOf(BrazeAbortError);
    const result = error.result as GetStatusResult | undefined;
    expect(result).toBeDefined();
    expect(result?.outcomes).toHaveLength(result?.total ?? -1);
    expect(result?.total).toBeLessThan(ids.length);
    const states = (result?.outcomes ?? []).filter((o) => o.outcome !== "failed");
    expect(states.length).toBeGreaterThanOrEqual(200);
    expectFakeStates(states);
    expect(
      (result?.outcomes ?? [])
        .filter((o) => o.outcome === "failed")
        .every((o) => o.outcome === "failed" && o.error.code === "aborted"),
    ).toBe(true);
    expectNoKey(error);
    await braze.close();
  });

  it("a source failing before its first identifier rejects with its own error (nothing was read)", async () => {
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" });
    const early = new Error("no such file");
    // biome-ignore lint/correctness/useYield: a source that fails at once
    async function* nothing(): AsyncGenerator<string> {
      throw early;
    }
    await expect(braze.getStatus({ subscriptionGroupId: GROUP, emails: nothing() })).rejects.toBe(
      early,
    );
    await braze.close();
  });
});
