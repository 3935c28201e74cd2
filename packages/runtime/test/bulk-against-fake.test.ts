import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createBrazeRuntime, type Outcome } from "../src/index.js";
import { maxInAnyWindow } from "./support/windows.js";

const API_KEY = "test-key-0123456789abcdef";
const GROUP = "group-under-test";
const { listFields } = operationMetadata.setSubscriptionStatus.requestBody;
/**
 * The windows here are scaled down from a minute to seconds, but timer and event-loop jitter on
 * a busy 2-core machine is not (stalls of 100–300 ms were measured while other suites ran), so
 * the share of the window kept free for it is scaled up: 10 % of 2 s is 200 ms, about what the
 * default 2 % leaves in a 60 s window (1.2 s) after scaling jitter the other way.
 */
const SCALED_HEADROOM = 0.1;

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** An async source, as a file reader would give. */
async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}

function inputs() {
  const externalIds: unknown[] = [];
  for (let i = 0; i < 8000; i++) externalIds.push(`user-${i}`);
  for (let i = 0; i < 1000; i++) externalIds.push(`user-${i * 3}`); // duplicates
  for (let i = 0; i < 150; i++) externalIds.push(""); // invalid: empty
  externalIds.push(42, null);
  const emails: string[] = [];
  for (let i = 0; i < 2000; i++) emails.push(`person${i}@example.com`);
  for (let i = 0; i < 100; i++) emails.push(`not-an-email-${i}`);
  for (let i = 0; i < 200; i++) emails.push(`person${i}@example.com`);
  const phones: string[] = [];
  for (let i = 0; i < 600; i++) phones.push(`+1415555${String(i).padStart(4, "0")}`);
  for (let i = 0; i < 50; i++) phones.push(`0555${i}`);
  return { externalIds, emails, phones };
}

describe("setStatus against the Braze fake", () => {
  it("with 5xx, resets, timeouts and a 429 storm, every valid identifier succeeds exactly once", async () => {
    const limit = 300;
    const intervalMs = 2000;
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: { limit, intervalMs, window: "sliding" },
      faults: {
        seed: 7,
        rates: { 500: 0.02, 502: 0.01, 503: 0.01, 504: 0.01, reset: 0.02, timeout: 0.01 },
        timeoutDelayMs: 1500,
        storms: [{ startMs: 200, durationMs: 400, everyMs: 2500 }],
      },
    });
    const retries: number[] = [];
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      rateLimit: { limit, intervalMs, headroom: SCALED_HEADROOM },
      retry: { maxAttempts: 12, baseDelayMs: 20, maxDelayMs: 400 },
      timeoutMs: 400,
      onRetry: (event) => retries.push(event.attempt),
    });
    const { externalIds, emails, phones } = inputs();
    const result = await braze.setStatus({
      subscriptionGroupId: GROUP,
      state: "unsubscribed",
      externalIds: externalIds as string[],
      emails: slowly(emails),
      phones: new Set(phones),
    });
    await braze.close();

    const total = externalIds.length + emails.length + phones.length;
    expect(result.total).toBe(total);
    expect(result.outcomes).toHaveLength(total);
    expect(result.invalid).toBe(152 + 100 + 50);
    expect(result.duplicates).toBe(1000 + 200);
    expect(result.valid).toBe(8000 + 2000 + 600);
    expect(result.failed).toBe(0);
    expect(result.succeeded).toBe(result.valid);

    // Exactly one outcome per input position.
    const seen = new Set<string>();
    for (const o of result.outcomes as Outcome[]) {
      const key = `${o.type}#${o.index}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    const byType = { external_id: externalIds.length, email: emails.length, phone: phones.length };
    for (const [type, count] of Object.entries(byType)) {
      for (let i = 0; i < count; i++) expect(seen.has(`${type}#${i}`)).toBe(true);
    }
    const invalid = (result.outcomes as Outcome[]).find(
      (o) => o.outcome === "invalid" && o.type === "email",
    );
    expect(invalid).toMatchObject({
      outcome: "invalid",
      issue: { path: expect.any(String), code: expect.any(String) },
    });

    // The fake's state matches.
    for (let i = 0; i < 8000; i++)
      expect(fake.state.get(GROUP, { externalId: `user-${i}` })).toBe("unsubscribed");
    for (let i = 0; i < 2000; i++)
      expect(fake.state.get(GROUP, { email: `person${i}@example.com` })).toBe("unsubscribed");
    for (const phone of phones.slice(0, 600))
      expect(fake.state.get(GROUP, { phone })).toBe("unsubscribed");
    expect(fake.state.get(GROUP, { email: "not-an-email-0" })).toBeUndefined();

    // Faults of every kind really happened, and were retried.
    const faults = new Set(fake.requests.map((r) => r.fault).filter(Boolean));
    expect([...faults].sort()).toEqual(
      ["500", "502", "503", "504", "reset", "storm", "timeout"].sort(),
    );
    expect(retries.length).toBeGreaterThan(0);
    expect(result.retries).toBeGreaterThan(0);

    // No request over the cap, none mixing types; requests full but for each type's last one.
    // Writes only: the job's preflight read is a GET on the read budget.
    const requests = fake.requests.filter((r) => r.method === "POST");
    for (const r of requests) {
      const body = r.body as Record<string, unknown>;
      const types = Object.keys(listFields).filter((f) => body[f] !== undefined);
      expect(types).toHaveLength(1);
      expect(r.identifierCount).toBeLessThanOrEqual(
        listFields[types[0] as keyof typeof listFields].maxItems,
      );
    }
    const distinctBatches = new Set(requests.map((r) => JSON.stringify(r.body)));
    expect(distinctBatches.size).toBe(result.requests);
    expect(result.requests).toBe(Math.ceil(8000 / 50) + Math.ceil(2000 / 50) + Math.ceil(600 / 50));

    // The budget kept every window of what the fake counts (faults and storms are not counted:
    // the budget follows the fake's Remaining, which leaves them out) at or under the limit,
    // and no 429 came from the limit itself.
    const counted = requests.filter((r) => r.fault === undefined);
    expect(counted.filter((r) => r.status === 429)).toEqual([]);
    expect(
      maxInAnyWindow(
        counted.map((r) => r.time),
        intervalMs,
      ),
    ).toBeLessThanOrEqual(limit);
  }, 60_000);

  it("in sliding-window mode, never exceeds the limit in any window and gets no 429", async () => {
    const limit = 100;
    const intervalMs = 2000;
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: { limit, intervalMs, window: "sliding" },
    });
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      rateLimit: { limit, intervalMs, headroom: SCALED_HEADROOM },
    });
    const ids = Array.from({ length: 150 * 50 }, (_, i) => `u${i}`);
    let lastProgress: unknown;
    const result = await braze.setStatus(
      { subscriptionGroupId: GROUP, state: "subscribed", externalIds: ids },
      { onProgress: (p) => (lastProgress = p) },
    );
    expect(result.succeeded).toBe(ids.length);
    expect(result.requests).toBe(150);
    const times = fake.requests.filter((r) => r.method === "POST").map((r) => r.time);
    expect(times).toHaveLength(150);
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(0);
    expect(maxInAnyWindow(times, intervalMs)).toBeLessThanOrEqual(limit);
    expect(lastProgress).toMatchObject({
      total: ids.length,
      succeeded: ids.length,
      inFlight: 0,
      requests: 150,
    });
  }, 30_000);
});
