import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createClient, operationMetadata as generatedMetadata } from "@braze-subscriptions/client";
import { type OpenApiDocument, operationMetadata } from "@braze-subscriptions/generate-client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { systemClock } from "../src/clock.js";
import { createResilientFetch } from "../src/http/resilient-fetch.js";
import { Semaphore } from "../src/http/semaphore.js";
import {
  createBrazeRuntime,
  MemoryLimiterStore,
  type ReadOutcome,
  readRulesOf,
} from "../src/index.js";
import { bucketLimiterFor } from "../src/limiter/bucket-limiter-for.js";
import { resolveRuntimeOptions } from "../src/options/resolve-runtime-options.js";
import { newReadCounts, runGetStatus } from "../src/reads/get-status-stream.js";
import { createReadSender } from "../src/reads/read-sender.js";

const API_KEY = "test-key-0123456789abcdef";
const GROUP = "group-under-test";
const read = generatedMetadata.getSubscriptionStatus;
const write = generatedMetadata.setSubscriptionStatus;

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("getStatus against the fake", () => {
  it("gives one outcome per identifier, batched to the spec's cap, on the read bucket", async () => {
    // The write bucket allows one request a minute: reads must not draw on it.
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: { buckets: { [write.rateLimit.bucket]: { limit: 1, intervalMs: 60_000 } } },
    });
    const cap = read.query.listFields.email.maxItems;
    const emails = Array.from({ length: 3 * cap + 7 }, (_, i) => `p${i}@example.com`);
    for (const [i, email] of emails.entries())
      if (i % 3 !== 2)
        fake.state.set(GROUP, { email }, i % 3 === 0 ? "subscribed" : "unsubscribed");
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const result = await braze.getStatus({
      subscriptionGroupId: GROUP,
      emails: [...emails, "not-an-email", emails[0] as string],
      externalIds: ["someone"],
    });
    const byId = new Map(
      result.outcomes.map((o: ReadOutcome) => [`${o.type}:${o.id}:${o.outcome}`, o]),
    );
    expect(result.outcomes).toHaveLength(emails.length + 3);
    for (const [i, email] of emails.entries()) {
      const want = ["subscribed", "unsubscribed", "unknown"][i % 3];
      expect(byId.has(`email:${email}:${want}`), email).toBe(true);
    }
    expect(byId.has("email:not-an-email:invalid")).toBe(true);
    expect(byId.has(`email:${emails[0]}:duplicate`)).toBe(true);
    expect(byId.has("external_id:someone:unknown")).toBe(true);
    expect(result).toMatchObject({ invalid: 1, duplicates: 1, failed: 0, requests: 4 + 1 });
    const reads = fake.requests.filter((r) => r.path === read.path);
    expect(reads.map((r) => r.identifierCount)).toEqual(
      expect.arrayContaining([cap, cap, cap, 7, 1]),
    );
    expect(reads.every((r) => r.status === 200)).toBe(true);
    await braze.close();
  });

  it("fails every identifier of a refused read with the reason, and the rest are not sent", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      permissions: { [API_KEY]: ["subscription.status.set"] },
    });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url, concurrency: 1 });
    const cap = read.query.listFields.external_id.maxItems;
    const ids = Array.from({ length: cap * 3 }, (_, i) => `u${i}`);
    const result = await braze.getStatus({ subscriptionGroupId: GROUP, externalIds: ids });
    expect(result.failed).toBe(ids.length);
    expect(result.outcomes.every((o) => o.outcome === "failed" && o.error.status === 403)).toBe(
      true,
    );
    expect(fake.requests.filter((r) => r.path === read.path)).toHaveLength(1);
    await braze.close();
  });
});

describe("getStatus fails fast and stops gracefully, as the writes do", () => {
  it("a group every read refuses alike: two reads, the rest failed with the refusal, not sent", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      faults: { unknownGroups: ["no-such-group"] },
    });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url, concurrency: 8 });
    const cap = read.query.listFields.external_id.maxItems;
    const ids = Array.from({ length: cap * 20 }, (_, i) => `u${i}`);
    const result = await braze.getStatus({
      subscriptionGroupId: "no-such-group",
      externalIds: ids,
    });
    // The first read leaves alone; the second repeats its refusal: nothing more is sent.
    expect(fake.requests.filter((r) => r.path === read.path)).toHaveLength(2);
    expect(result).toMatchObject({ total: ids.length, failed: ids.length, requests: 2 });
    expect(result.outcomes.every((o) => o.outcome === "failed" && o.error.status === 400)).toBe(
      true,
    );
    const unsent = result.outcomes.filter(
      (o) => o.outcome === "failed" && o.error.message.includes("not sent"),
    );
    expect(unsent).toHaveLength(ids.length - 2 * cap);
    await braze.close();
  });

  it("stopSignal: nothing more is read or sent, every identifier read gets its outcome", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const stop = new AbortController();
    const cap = read.query.listFields.external_id.maxItems;
    const ids = Array.from({ length: cap * 10 }, (_, i) => `u${i}`);
    const outcomes: ReadOutcome[] = [];
    for await (const batch of braze.getStatusStream(
      { subscriptionGroupId: GROUP, externalIds: ids },
      { stopSignal: stop.signal },
    )) {
      outcomes.push(...batch.outcomes);
      stop.abort();
    }
    const reads = fake.requests.filter((r) => r.path === read.path);
    expect(reads.length).toBeLessThan(10);
    expect(outcomes.filter((o) => o.outcome === "unknown")).toHaveLength(reads.length * cap);
    expect(outcomes.length).toBeGreaterThanOrEqual(reads.length * cap);
    expect(outcomes.length).toBeLessThan(ids.length);
    expect(
      outcomes
        .filter((o) => o.outcome !== "unknown")
        .every((o) => o.outcome === "failed" && o.error.code === "aborted"),
    ).toBe(true);
    expect(new Set(outcomes.map((o) => o.index)).size).toBe(outcomes.length);
    await braze.close();
  });
});

describe("a copy of the spec with another read cap and budget", () => {
  const specPath = createRequire(import.meta.url).resolve(
    "@braze-subscriptions/openapi/openapi.json",
  );

  it("changes the reads' batching and pacing with no other edit", async () => {
    const spec = JSON.parse(await readFile(specPath, "utf8")) as OpenApiDocument;
    const operation = spec.paths?.[read.path]?.get as Record<string, object>;
    // The email list's cap and the read budget, as a spec change would set them.
    const emailLookup = spec.components?.schemas?.EmailLookup as {
      oneOf: Array<Record<string, unknown>>;
    };
    const list = emailLookup.oneOf.find((variant) => variant.type === "array") as Record<
      string,
      unknown
    >;
    list.maxItems = 7;
    operation["x-rate-limit"] = { ...operation["x-rate-limit"], limit: 4, intervalMs: 1000 };
    const rules = readRulesOf(operationMetadata(spec).getSubscriptionStatus);
    expect(rules).toMatchObject({ limit: 4, intervalMs: 1000 });
    expect(rules.caps.email).toBe(7);

    // The fake keeps the same budget as the edited spec: the runtime follows the server's
    // X-RateLimit-* words when it sends them, and the spec's rule where they leave it room.
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: { limit: 4, intervalMs: 1000, window: "sliding" },
    });
    const config = resolveRuntimeOptions({
      apiKey: API_KEY,
      baseUrl: fake.url,
      rateLimit: { store: new MemoryLimiterStore() },
    });
    const limiter = bucketLimiterFor(rules, config.rateLimit, systemClock, undefined);
    const client = createClient({
      apiKey: API_KEY,
      baseUrl: fake.url,
      fetch: createResilientFetch({
        fetch: globalThis.fetch,
        limiter,
        retry: config.retry,
        timeoutMs: config.timeoutMs,
        clock: systemClock,
        random: Math.random,
        apiKey: API_KEY,
        hooks: {},
        logger: undefined,
      }),
    });
    const ctx = {
      send: createReadSender(client, rules.path, new Semaphore(8, API_KEY), API_KEY),
      apiKey: API_KEY,
      rules,
      concurrency: 8,
      failFastConsecutive: 10,
    };
    const emails = Array.from({ length: 35 }, (_, i) => `p${i}@example.com`);
    const started = Date.now();
    const counts = newReadCounts();
    for await (const _ of runGetStatus(ctx, { subscriptionGroupId: GROUP, emails }, {}, counts)) {
      // drain
    }
    const elapsed = Date.now() - started;
    expect(counts.unknown).toBe(35);
    // 35 emails at 7 a read: 5 reads, 4 a second: the fifth waits for the next second.
    const reads = fake.requests.filter((r) => r.path === read.path);
    expect(reads.map((r) => r.identifierCount)).toEqual([7, 7, 7, 7, 7]);
    expect(elapsed).toBeGreaterThanOrEqual(900);
  });
});
