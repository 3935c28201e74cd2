// Braze has answered writes `202 {"message":"queued"}` during maintenance: a success by the
// spec's schema. End to end, runtime → the fake's `queued` fault, every identifier succeeds.
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createBrazeRuntime } from "../src/index.js";

const API_KEY = "test-key-0123456789abcdef";
const GROUP = "group-under-test";

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("a queued answer from the fake", () => {
  it("send() resolves with the 202 and its body, in one attempt", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], faults: { rates: { queued: 1 } } });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    try {
      const result = await braze.send({
        subscription_group_id: GROUP,
        subscription_state: "subscribed",
        external_id: ["u1"],
      });
      expect(result).toMatchObject({ status: 202, body: { message: "queued" }, attempts: 1 });
    } finally {
      await braze.close();
    }
    expect(fake.requests.map((entry) => [entry.status, entry.fault])).toEqual([[202, "queued"]]);
  });

  it("setStatus counts every identifier of queued (and plain) answers as succeeded, sent once", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      faults: { seed: 3, rates: { queued: 0.6 } },
    });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const externalIds = Array.from({ length: 500 }, (_, i) => `user-${i}`);
    const statuses: (number | undefined)[] = [];
    try {
      let succeeded = 0;
      for await (const batch of braze.setStatusStream({
        subscriptionGroupId: GROUP,
        state: "unsubscribed",
        externalIds,
      })) {
        statuses.push(batch.request?.status);
        succeeded += batch.outcomes.filter((o) => o.outcome === "succeeded").length;
        expect(batch.outcomes.every((o) => o.outcome === "succeeded")).toBe(true);
      }
      expect(succeeded).toBe(externalIds.length);
    } finally {
      await braze.close();
    }
    expect(new Set(statuses)).toEqual(new Set([201, 202]));
    // One write per batch (after the preflight read): nothing was retried, a queued answer is
    // final.
    const writes = fake.requests.filter((entry) => entry.method === "POST");
    expect(writes.length).toBe(statuses.length);
    expect(writes.filter((entry) => entry.fault === "queued").length).toBe(
      statuses.filter((status) => status === 202).length,
    );
    for (const id of externalIds)
      expect(fake.state.get(GROUP, { externalId: id })).toBe("unsubscribed");
  });
});
