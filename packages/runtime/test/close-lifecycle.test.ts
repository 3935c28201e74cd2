import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { BrazeClosedError, createBrazeRuntime } from "../src/index.js";

// close() and the work still running: the default store (the server's last word on the budget,
// X-RateLimit-Remaining and a 429's pause) lives until every running call has settled, and
// every call made after close() is refused with BrazeClosedError, bulk ones too. Before, close()
// cleared the store's buckets under a running job, whose next request then went out blind into
// a spent window (a 429: the whole workspace's budget spent for nothing), and a bulk call after
// close() ran on an empty store.

const API_KEY = "close-lifecycle-key-5150";
const GROUP = "group-close";
const cap = operationMetadata.setSubscriptionStatus.requestBody.listFields.external_id.maxItems;
/** The fake's budget per window: the job spends it, then must wait for the reset. */
const SERVER_LIMIT = 2;
/** Long enough that the job's first three writes fall in one window (it starts early in one). */
const WINDOW_MS = 2000;
const LATENCY_MS = 150;

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const writes = () => (fake?.requests ?? []).filter((request) => request.method === "POST");
const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

/**
 * A runtime that knows only the spec's (large) budget, on a fake that allows 2 writes per
 * window: only the server's headers tell it to wait. One request at a time, so the job's
 * picture of the budget comes from each answer before its next request.
 */
async function tightRuntime() {
  fake = await startBrazeFake({
    apiKeys: [API_KEY],
    rateLimit: { limit: SERVER_LIMIT, intervalMs: WINDOW_MS },
    latencyMs: LATENCY_MS,
    logBodies: false,
  });
  let left = 0;
  let answered = 0;
  const braze = createBrazeRuntime({
    apiKey: API_KEY,
    baseUrl: fake.url,
    concurrency: 1,
    onRequest: () => {
      left++;
    },
    onResponse: () => {
      answered++;
    },
  });
  // The fake's windows are aligned to the clock: start 0-100 ms into one.
  while (Date.now() % WINDOW_MS > 100) await tick();
  return { braze, left: () => left, answered: () => answered };
}

describe("close() while a bulk job runs", () => {
  it("keeps the server's Remaining for the job: its next request waits for the reset, no 429", async () => {
    const { braze, left, answered } = await tightRuntime();
    const job = braze.setStatus(
      { subscriptionGroupId: GROUP, state: "subscribed", externalIds: ids(3 * cap, "job") },
      { preflight: false },
    );
    // close() while the job's second write is on the wire: its answer says Remaining 0.
    while (left() < 2 || answered() < 1) await tick();
    const closing = braze.close();
    const result = await job;
    await closing;
    expect(result.succeeded).toBe(3 * cap);
    // Before, the answer found no bucket and was dropped: the third write went at once, 429.
    expect(writes().map((request) => request.status)).toEqual([201, 201, 201]);
    expect(result.retries).toBe(0);
  });

  it("close() resolves only once the running job has settled", async () => {
    const { braze, answered } = await tightRuntime();
    const order: string[] = [];
    const job = braze
      .setStatus(
        { subscriptionGroupId: GROUP, state: "subscribed", externalIds: ids(3 * cap, "wait") },
        { preflight: false },
      )
      .then(() => order.push("job"));
    while (answered() < 1) await tick();
    await braze.close().then(() => order.push("close"));
    await job;
    expect(order).toEqual(["job", "close"]);
  });
});

describe("close() while a stream is read", () => {
  it("waits for the stream's end (here a `return()`, as `break` makes), then resolves", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url, concurrency: 1 });
    const stream = braze.setStatusStream(
      { subscriptionGroupId: GROUP, state: "subscribed", externalIds: ids(3 * cap, "stream") },
      { preflight: false },
    );
    const reader = stream[Symbol.asyncIterator]();
    expect((await reader.next()).done).toBe(false);
    let closed = false;
    const closing = braze.close().then(() => {
      closed = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(closed).toBe(false);
    // The stream still reads on after close() was called: it was running.
    expect((await reader.next()).done).toBe(false);
    await reader.return?.();
    await closing;
    expect(closed).toBe(true);
  });
});

describe("calls after close()", () => {
  it("every call that would send is refused with BrazeClosedError, nothing sent", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    // Made before close(), read after: its pages would meet the released store.
    const listedEarly = braze.listUserGroups({ external_id: ["early"] });
    await braze.close();
    const input = { subscriptionGroupId: GROUP, externalIds: ["after"] };
    const write = { ...input, state: "subscribed" as const };
    const drain = async (stream: AsyncIterable<unknown>) => {
      for await (const _ of stream) {
        // nothing to do with a batch
      }
    };
    const refused = [
      braze.setStatus(write),
      braze.setStatus([
        { subscriptionGroupId: GROUP, state: "subscribed", type: "email", id: "a@example.com" },
      ]),
      drain(braze.setStatusStream(write)),
      braze.getStatus(input),
      drain(braze.getStatusStream(input)),
      braze.send({
        subscription_group_id: GROUP,
        subscription_state: "subscribed",
        external_id: ["after"],
      }),
      braze.preflight({ subscriptionGroupId: GROUP, type: "external_id", candidates: ["after"] }),
      braze.subscribe({ subscriptionGroupId: GROUP, externalId: "after" }),
      Promise.resolve().then(() => braze.listUserGroups({ external_id: ["after"] })),
      drain(listedEarly),
    ];
    for (const call of refused) {
      await expect(call).rejects.toBeInstanceOf(BrazeClosedError);
    }
    await expect(braze.setStatus(write)).rejects.toThrow(
      /^setStatus: this Braze runtime is closed/,
    );
    // The raw client too, once the store was released.
    await expect(
      braze.client.POST("/subscription/status/set", {
        body: {
          subscription_group_id: GROUP,
          subscription_state: "subscribed",
          external_id: ["raw"],
        },
      }),
    ).rejects.toBeInstanceOf(BrazeClosedError);
    // A dry run sends nothing: still answered.
    await expect(braze.planSetStatus(write)).resolves.toMatchObject({ valid: 1 });
    expect(fake.requests).toHaveLength(0);
    // Closing again is harmless.
    await braze.close();
  });
});
