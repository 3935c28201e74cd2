import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  BrazeAbortError,
  BrazeInterruptedError,
  BrazeValidationError,
  createBrazeRuntime,
  planSetStatus,
} from "../src/index.js";

const API_KEY = "stream-key";
let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function* ids(n: number, counter: { read: number }) {
  for (let i = 0; i < n; i++) {
    counter.read++;
    yield `user-${i % 150_000}`; // the last 50,000 repeat earlier ones
  }
}

describe("setStatusStream", () => {
  it("reads a 200,000-item generator lazily, keeping pace with a slow consumer", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      logBodies: false,
      maxLogEntries: 10,
    });
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      concurrency: 4,
      rateLimit: { limit: 1_000_000, intervalMs: 1000 },
    });
    const counter = { read: 0 };
    let settled = 0;
    let maxAhead = 0;
    const counts = { succeeded: 0, duplicate: 0 };
    for await (const batch of braze.setStatusStream({
      subscriptionGroupId: "g",
      state: "subscribed",
      externalIds: ids(200_000, counter),
    })) {
      for (const outcome of batch.outcomes) counts[outcome.outcome as "succeeded" | "duplicate"]++;
      settled += batch.outcomes.length;
      maxAhead = Math.max(maxAhead, counter.read - settled);
      if (settled % 20_000 < 50) await new Promise((r) => setTimeout(r, 5)); // a slow consumer
    }
    expect(counts).toEqual({ succeeded: 150_000, duplicate: 50_000 });
    // Read-ahead is bounded by the requests in flight plus one group of unsent outcomes.
    expect(maxAhead).toBeLessThanOrEqual(4 * 50 + 50 + 500);
    expect(fake.state.get("g", { externalId: "user-149999" })).toBe("subscribed");
  }, 60_000);

  it("on abort, delivers what settled, fails in-flight ones as aborted and stops reading", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false, latencyMs: 50 });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url, concurrency: 2 });
    const controller = new AbortController();
    const counter = { read: 0 };
    setTimeout(() => controller.abort(), 120);
    const error = (await braze
      .setStatus(
        { subscriptionGroupId: "g", state: "subscribed", externalIds: ids(100_000, counter) },
        // Without the preflight read, so that requests are in flight when the abort comes.
        { signal: controller.signal, preflight: false },
      )
      .catch((e: unknown) => e)) as BrazeAbortError;
    expect(error).toBeInstanceOf(BrazeAbortError);
    const result = error.result;
    expect(result).toBeDefined();
    expect(counter.read).toBeLessThan(1000);
    expect(result?.outcomes).toHaveLength(result?.total ?? -1);
    expect(
      result?.outcomes?.some((o) => o.outcome === "failed" && o.error.code === "aborted"),
    ).toBe(true);
  });

  it("sends the same with expectedCount, even when the estimate is low, and refuses a bad one; deduplicate: false sends repeats", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false, logBodies: false });
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      rateLimit: { limit: 1_000_000, intervalMs: 1000 },
    });
    const input = () => ({
      subscriptionGroupId: "g",
      state: "unsubscribed" as const,
      emails: Array.from({ length: 5_000 }, (_, i) => `u${i % 4_000}@example.com`),
    });
    for (const expectedCount of [5_000, 10]) {
      const result = await braze.setStatus(input(), { expectedCount });
      expect(result).toMatchObject({ total: 5_000, succeeded: 4_000, duplicates: 1_000 });
    }
    await expect(braze.setStatus(input(), { expectedCount: Number.NaN })).rejects.toThrow(
      new TypeError(
        'setStatus: option "expectedCount" must be a finite number ≥ 0, got number NaN',
      ),
    );

    // deduplicate: false keeps no duplicate detector: repeated identifiers are sent again.
    const sent = () =>
      fake?.requests
        .filter((r) => r.method === "POST")
        .reduce((sum, r) => sum + r.identifierCount, 0);
    fake.reset();
    const distinct = await braze.setStatus(input(), { deduplicate: false, preflight: false });
    expect(distinct).toMatchObject({ total: 5_000, succeeded: 5_000, duplicates: 0 });
    expect(sent()).toBe(5_000);
    fake.reset();
    expect(await braze.setStatus(input(), { preflight: false })).toMatchObject({
      duplicates: 1_000,
    });
    expect(sent()).toBe(4_000);
  });

  it("rejects bad call shapes before reading anything", async () => {
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" });
    await expect(
      braze.setStatus({
        subscriptionGroupId: "g",
        state: "maybe" as "subscribed",
        externalIds: "abc" as unknown as string[],
      }),
    ).rejects.toThrow(BrazeValidationError);
    await expect(
      braze.setStatus({ subscriptionGroupId: "g", state: "subscribed" }),
    ).rejects.toThrow(/at least one of externalIds, emails, phones/);
  });
});

describe("planSetStatus", () => {
  it("counts like setStatus without sending", async () => {
    const invalid: string[] = [];
    const plan = await planSetStatus(
      {
        subscriptionGroupId: "g",
        state: "unsubscribed",
        emails: ["a@example.com", "nope", "a@example.com", "b@example.com"],
        phones: ["+14155550100"],
      },
      {
        onOutcome: (o) => invalid.push(`${o.outcome}:${o.id}`),
        alreadySucceeded: (_t, id) => id === "b@example.com",
        rateLimit: { limit: 10, intervalMs: 1000 },
      },
    );
    expect(plan).toEqual({
      total: 5,
      valid: 3,
      invalid: 1,
      duplicates: 1,
      skipped: 1,
      requests: 2,
      notSent: 0,
      minDurationMs: 100,
    });
    expect(invalid).toEqual(["invalid:nope", "duplicate:a@example.com", "succeeded:b@example.com"]);
  });

  // A dry run of a canary planned every row: 60 requests where `--limit` sends 2.
  it("plans `limit` as setStatus sends it: the requests of the first n valid identifiers", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false, logBodies: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const input = () => ({
      subscriptionGroupId: "g",
      state: "unsubscribed" as const,
      emails: Array.from({ length: 300 }, (_, i) => (i % 10 === 9 ? "nope" : `u${i}@example.com`)),
      phones: ["+14155550100"],
    });
    for (const limit of [0, 1, 120, 269, 271, 1_000]) {
      const plan = await planSetStatus(input(), { limit });
      const sent = await braze.setStatus(input(), { limit });
      expect({ limit, requests: plan.requests, notSent: plan.notSent }).toEqual({
        limit,
        requests: sent.requests,
        notSent: sent.notSent,
      });
      expect(plan.valid).toBe(271);
      fake.reset();
    }
    expect((await planSetStatus(input(), { limit: 120 })).requests).toBeLessThan(
      (await planSetStatus(input())).requests,
    );
    await expect(planSetStatus(input(), { limit: -1 })).rejects.toThrow(
      new TypeError('planSetStatus: option "limit" must be an integer ≥ 0, got number -1'),
    );
    await braze.close();
  });

  it("plans the same with expectedCount (presized de-duplication), and refuses a bad one", async () => {
    const emails = () => Array.from({ length: 5_000 }, (_, i) => `u${i % 4_000}@example.com`);
    const input = () => ({
      subscriptionGroupId: "g",
      state: "unsubscribed" as const,
      emails: emails(),
    });
    const unsized = await planSetStatus(input());
    expect(unsized).toMatchObject({ total: 5_000, valid: 4_000, duplicates: 1_000 });
    expect(await planSetStatus(input(), { expectedCount: 5_000 })).toEqual(unsized);
    expect(await planSetStatus(input(), { expectedCount: 10 })).toEqual(unsized);
    await expect(planSetStatus(input(), { expectedCount: -1 })).rejects.toThrow(
      new TypeError(
        'planSetStatus: option "expectedCount" must be a finite number ≥ 0, got number -1',
      ),
    );
  });
});

describe("setStatus with an input source that fails midway", () => {
  it("rejects with BrazeInterruptedError carrying the outcomes of what was read (and sent)", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const diskGone = Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" });
    async function* lines() {
      for (let i = 0; i < 120; i++) yield `u${i}`;
      throw diskGone;
    }
    const error = (await braze
      .setStatus({ subscriptionGroupId: "g", state: "subscribed", externalIds: lines() })
      .catch((e: unknown) => e)) as BrazeInterruptedError;
    expect(error).toBeInstanceOf(BrazeInterruptedError);
    expect(error.message).toContain("EIO: i/o error, read");
    expect(error.cause).toMatchObject({ message: "EIO: i/o error, read", code: "EIO" });
    // The 120 identifiers read were sent: the caller learns each one's fate.
    expect(error.result).toMatchObject({ total: 120, succeeded: 120 });
    expect(error.result.outcomes).toHaveLength(120);
    expect(fake.state.get("g", { externalId: "u119" })).toBe("subscribed");
    await braze.close();
  });

  it("an onProgress that throws with writes on the wire: every identifier read has its outcome", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false, latencyMs: 30 });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url, concurrency: 4 });
    let calls = 0;
    const error = (await braze
      .setStatus(
        {
          subscriptionGroupId: "g",
          state: "subscribed",
          externalIds: Array.from({ length: 2_000 }, (_, i) => `u${i}`),
        },
        {
          preflight: false,
          onProgress: () => {
            if (++calls === 5) throw new Error("progress sink gone");
          },
        },
      )
      .catch((e: unknown) => e)) as BrazeInterruptedError;
    expect(error).toBeInstanceOf(BrazeInterruptedError);
    // A write on the wire may have been applied: its identifiers must not lack an outcome.
    expect(error.result.outcomes).toHaveLength(error.result.total);
    const applied = fake.requests
      .filter((r) => r.status === 201)
      .reduce((sum, r) => sum + r.identifierCount, 0);
    expect(error.result).toMatchObject({ succeeded: applied });
    await braze.close();
  });

  it("rejects with the source's own error when it fails before anything was read", async () => {
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: "http://127.0.0.1:9" });
    const early = new Error("no such file");
    // biome-ignore lint/correctness/useYield: a source that fails at once
    async function* nothing(): AsyncGenerator<string> {
      throw early;
    }
    await expect(
      braze.setStatus({ subscriptionGroupId: "g", state: "subscribed", externalIds: nothing() }),
    ).rejects.toBe(early);
    await braze.close();
  });
});
