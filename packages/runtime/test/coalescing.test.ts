import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { BrazeClosedError, BrazeValidationError, createBrazeRuntime } from "../src/index.js";

const API_KEY = "coalesce-key";
const cap = operationMetadata.setSubscriptionStatus.requestBody.listFields.external_id.maxItems;

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("coalescing single calls", () => {
  it("merges 10,000 concurrent calls into at most 1.02 × the minimum number of requests", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const calls = [];
    for (let i = 0; i < 6000; i++)
      calls.push(braze.unsubscribe({ subscriptionGroupId: "g-email", email: `p${i}@example.com` }));
    for (let i = 0; i < 4000; i++)
      calls.push(braze.subscribe({ subscriptionGroupId: "g-ext", externalId: `u${i}` }));
    const outcomes = await Promise.all(calls);
    expect(outcomes.every((o) => o.outcome === "succeeded")).toBe(true);
    const minimum = Math.ceil(6000 / cap) + Math.ceil(4000 / cap);
    expect(fake.requests.length).toBeLessThanOrEqual(Math.floor(minimum * 1.02));
    expect(fake.requests.every((r) => r.identifierCount <= cap)).toBe(true);
    expect(fake.state.get("g-email", { email: "p5999@example.com" })).toBe("unsubscribed");
    expect(fake.state.get("g-ext", { externalId: "u0" })).toBe("subscribed");
    await braze.close();
  });

  it("sends a partial request after the delay, shares one slot for repeats, reports invalid ones", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url, coalesceDelayMs: 20 });
    const [a, b, again, bad] = await Promise.all([
      braze.enqueue({ subscriptionGroupId: "g", state: "subscribed", phone: "+14155550100" }),
      braze.enqueue({ subscriptionGroupId: "g", state: "subscribed", phone: "+14155550101" }),
      braze.enqueue({ subscriptionGroupId: "g", state: "subscribed", phone: "+14155550100" }),
      braze.enqueue({ subscriptionGroupId: "g", state: "subscribed", phone: "555-0100" }),
    ]);
    expect([a.outcome, b.outcome, again.outcome]).toEqual(["succeeded", "succeeded", "succeeded"]);
    expect(bad).toMatchObject({ outcome: "invalid", type: "phone", id: "555-0100" });
    expect(fake.requests).toHaveLength(1);
    expect(fake.requests[0]?.identifierCount).toBe(2);
    await braze.close();
  });

  it("flush() sends at once; close() refuses new work; bad shapes reject", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      coalesceDelayMs: 60_000,
    });
    const pending = braze.unsubscribe({ subscriptionGroupId: "g", externalId: "late" });
    await braze.flush();
    await expect(pending).resolves.toMatchObject({ outcome: "succeeded", id: "late" });
    await expect(
      braze.enqueue({
        subscriptionGroupId: "g",
        state: "subscribed",
        email: "a@example.com",
        phone: "+14155550100",
      }),
    ).rejects.toBeInstanceOf(BrazeValidationError);
    await braze.close();
    await expect(
      braze.subscribe({ subscriptionGroupId: "g", externalId: "x" }),
    ).rejects.toBeInstanceOf(BrazeClosedError);
  });

  it("merges calls with useDoubleOptIn false and without it (Braze's default) into one request, with no wait between them", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false, logBodies: true });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url, coalesceDelayMs: 20 });
    const call = (phone: string, useDoubleOptIn?: boolean) =>
      braze.enqueue({
        subscriptionGroupId: "g-sms",
        state: "subscribed",
        phone,
        ...(useDoubleOptIn === undefined ? {} : { useDoubleOptIn }),
      });
    const outcomes = await Promise.all([
      call("+14155550100", false),
      call("+14155550100"),
      call("+14155550101"),
      call("+14155550102", true),
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual(Array(4).fill("succeeded"));
    // One request without the flag (two phones), one with it.
    const bodies = fake.requests.map((r) => r.body as Record<string, unknown>);
    expect(bodies).toHaveLength(2);
    expect(bodies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ phone: ["+14155550100", "+14155550101"] }),
        expect.objectContaining({ phone: ["+14155550102"], use_double_opt_in_logic: true }),
      ]),
    );
    expect(bodies.some((b) => b.use_double_opt_in_logic === false)).toBe(false);
    await braze.close();
  });

  it("rejects a non-boolean useDoubleOptIn before sending, as setStatus does", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url, coalesceDelayMs: 1 });
    const call = (phone: string) =>
      braze.enqueue({
        subscriptionGroupId: "g-sms",
        state: "subscribed",
        phone,
        useDoubleOptIn: "yes" as unknown as boolean,
      });
    await expect(call("+14155550100")).rejects.toThrow(/\/useDoubleOptIn must be a boolean/);
    await expect(call("+14155550101")).rejects.toBeInstanceOf(BrazeValidationError);
    // Nothing was sent, so the group's per-event calls were not found failing either.
    expect(fake.requests).toHaveLength(0);
    await expect(
      braze.subscribe({ subscriptionGroupId: "g-sms", phone: "+14155550102" }),
    ).resolves.toMatchObject({ outcome: "succeeded" });
    await braze.close();
  });
});
