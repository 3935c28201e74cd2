import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createBrazeRuntime, type SetStatusRow } from "../src/index.js";

const API_KEY = "rows-key-0123456789";
const v2 = operationMetadata.setSubscriptionStatusV2;
const CAP = v2.requestBody.extensions["x-max-identifiers"];

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("setStatus with rows that carry their own group and state", () => {
  it("packs 100,000 rows over 10 uneven groups into at most 1.02x the minimum requests", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      logBodies: true,
      maxLogEntries: 10_000,
    });
    const sizes = [37_000, 21_000, 13_000, 9_000, 7_000, 5_000, 3_500, 2_500, 1_200, 800];
    const rows: SetStatusRow[] = [];
    sizes.forEach((size, g) => {
      for (let i = 0; i < size; i++) {
        rows.push({
          subscriptionGroupId: `group-${g}`,
          state: (i * 7 + g) % 3 === 0 ? "subscribed" : "unsubscribed",
          // Emails and external ids only: they may share a request.
          type: i % 4 === 0 ? "external_id" : "email",
          id: i % 4 === 0 ? `user-${g}-${i}` : `p${g}-${i}@example.com`,
        });
      }
    });
    // Rows arrive interleaved across groups, as a file sorted by nothing would give them.
    rows.sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(rows).toHaveLength(100_000);
    // The minimum: every request full, all groups together (emails never meet phones here).
    const minimum = Math.ceil(rows.length / CAP);
    expect(minimum).toBe(2000);

    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      rateLimit: { limit: 1_000_000 },
    });
    const result = await braze.setStatus(rows);
    expect(result).toMatchObject({
      total: 100_000,
      succeeded: 100_000,
      failed: 0,
      invalid: 0,
      duplicates: 0,
    });
    expect(result.requests).toBeLessThanOrEqual(Math.floor(minimum * 1.02));
    expect(new Set(result.outcomes?.map((o) => o.index)).size).toBe(100_000);
    // The fake's state equals the rows.
    for (const row of rows) {
      const key = row.type === "email" ? { email: row.id } : { externalId: row.id };
      expect(fake.state.get(row.subscriptionGroupId, key)).toBe(row.state);
    }
    const sent = fake.requests.filter((r) => r.path === v2.path);
    expect(sent.every((r) => r.identifierCount <= CAP && r.status < 300)).toBe(true);
    await braze.close();
  }, 120_000);

  it("never puts emails with phones in one request; invalid and duplicate rows get their outcome", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const rows: SetStatusRow[] = [
      { subscriptionGroupId: "mail", state: "unsubscribed", type: "email", id: "a@example.com" },
      { subscriptionGroupId: "sms", state: "subscribed", type: "phone", id: "+12223334444" },
      { subscriptionGroupId: "mail", state: "unsubscribed", type: "external_id", id: "u1" },
      { subscriptionGroupId: "mail", state: "unsubscribed", type: "email", id: "a@example.com" },
      { subscriptionGroupId: "sms", state: "subscribed", type: "phone", id: "12345" },
      {
        subscriptionGroupId: "sms",
        state: "maybe" as "subscribed",
        type: "phone",
        id: "+12223334445",
      },
    ];
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const result = await braze.setStatus(rows);
    const byIndex = new Map(result.outcomes?.map((o) => [o.index, o.outcome]));
    expect([...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, o]) => o)).toEqual([
      "succeeded",
      "succeeded",
      "succeeded",
      "duplicate",
      "invalid",
      "invalid",
    ]);
    const bodies = fake.requests
      .filter((r) => r.path === v2.path)
      .map((r) => JSON.stringify(r.body));
    expect(bodies).toHaveLength(2);
    expect(bodies.some((b) => b.includes('"emails"') && b.includes('"phones"'))).toBe(false);
    expect(fake.state.get("sms", { phone: "+12223334444" })).toBe("subscribed");
    await braze.close();
  });
});
