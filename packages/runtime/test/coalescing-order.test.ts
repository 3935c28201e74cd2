import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { BrazeClosedError, createBrazeRuntime } from "../src/index.js";
import {
  type Intercept,
  type RecordingProxy,
  type SeenWrite,
  startRecordingProxy,
} from "./support/recording-proxy.js";

const API_KEY = "order-key";
// How long a held write waits for a later one to be answered before it goes on: the later
// one is rightly never sent meanwhile, and no assertion depends on this time.
const HOLD_MS = 300;

let fake: BrazeFake | undefined;
let proxy: RecordingProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await fake?.close();
  proxy = undefined;
  fake = undefined;
});

/**
 * Starts the fake behind a recording proxy and a runtime on the proxy. Short retry waits:
 * the order must hold however soon a retry comes.
 */
async function setUp(intercept: Intercept, options: { coalesceDelayMs?: number } = {}) {
  fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
  proxy = await startRecordingProxy(fake.url, intercept);
  const braze = createBrazeRuntime({
    apiKey: API_KEY,
    baseUrl: proxy.url,
    retry: { baseDelayMs: 20, maxAttempts: 3 },
    ...options,
  });
  return { braze, fake, proxy };
}

/**
 * Holds the first subscribe write until an unsubscribe write has been answered (as when the
 * first one is slow), then answers it with `status` or forwards it: a runtime that sent the
 * unsubscribe meanwhile would let the subscribe land last. With `every`, later subscribe
 * writes get `status` too.
 */
function holdFirstSubscribe(
  options: {
    status?: number | undefined;
    every?: boolean;
    holdMs?: number;
    onReleased?: (early: boolean) => void;
  } = {},
): Intercept {
  let held = false;
  return async (write, proxy) => {
    if (write.state !== "subscribed") return undefined;
    if (held) return options.every ? options.status : undefined;
    held = true;
    const early = await proxy.answered(
      (w) => w.state === "unsubscribed",
      options.holdMs ?? HOLD_MS,
    );
    options.onReleased?.(early);
    return options.status;
  };
}

/** The states of the writes holding `id`, in the order they arrived, with own answers. */
function writesOf(seen: SeenWrite[], id: string): string[] {
  return seen
    .filter((w) => w.ids.includes(id))
    .map((w) => (w.answered === undefined ? w.state : `${w.state} ${w.answered}`));
}

describe("per-event writes of one identifier reach Braze in call order", () => {
  it.each([
    ["slow, then accepted", undefined, ["subscribed", "unsubscribed"]],
    ["slow, refused 429, retried", 429, ["subscribed 429", "subscribed", "unsubscribed"]],
    ["slow, failing 500, retried", 500, ["subscribed 500", "subscribed", "unsubscribed"]],
  ])(
    "subscribe then unsubscribe without await (the subscribe %s): unsubscribed lands last",
    async (_, status, want) => {
      const { braze, fake, proxy } = await setUp(holdFirstSubscribe({ status }));
      const first = braze.subscribe({ subscriptionGroupId: "g", externalId: "u1" });
      const second = braze.unsubscribe({ subscriptionGroupId: "g", externalId: "u1" });
      expect(await first).toMatchObject({ outcome: "succeeded", id: "u1" });
      expect(await second).toMatchObject({ outcome: "succeeded", id: "u1" });
      expect(writesOf(proxy.seen, "u1")).toEqual(want);
      expect(fake.state.get("g", { externalId: "u1" })).toBe("unsubscribed");
      await braze.close();
    },
  );

  it("sends the later write when the earlier one fails for good, each with its own outcome", async () => {
    const { braze, fake, proxy } = await setUp(holdFirstSubscribe({ status: 500, every: true }));
    const first = braze.subscribe({ subscriptionGroupId: "g", externalId: "u1" });
    const second = braze.unsubscribe({ subscriptionGroupId: "g", externalId: "u1" });
    expect(await first).toMatchObject({
      outcome: "failed",
      error: { code: "retries_exhausted", status: 500 },
    });
    expect(await second).toMatchObject({ outcome: "succeeded", id: "u1" });
    expect(writesOf(proxy.seen, "u1")).toEqual([
      "subscribed 500",
      "subscribed 500",
      "subscribed 500",
      "unsubscribed",
    ]);
    expect(fake.state.get("g", { externalId: "u1" })).toBe("unsubscribed");
    await braze.close();
  });

  it("does not hold back other identifiers: they leave with the first wave, in full batches", async () => {
    let releasedEarly: boolean | undefined;
    const { braze, fake, proxy } = await setUp(
      holdFirstSubscribe({
        // Released early here, so a long hold costs nothing and stands a loaded machine.
        holdMs: 10_000,
        onReleased: (early) => {
          releasedEarly = early;
        },
      }),
    );
    const outcomes = await Promise.all([
      braze.subscribe({ subscriptionGroupId: "g", externalId: "u1" }),
      braze.subscribe({ subscriptionGroupId: "g", externalId: "u2" }),
      braze.unsubscribe({ subscriptionGroupId: "g", externalId: "u1" }),
      braze.unsubscribe({ subscriptionGroupId: "g", externalId: "u3" }),
      braze.unsubscribe({ subscriptionGroupId: "g", externalId: "u4" }),
    ]);
    expect(outcomes.map((o) => o.outcome)).toEqual(Array(5).fill("succeeded"));
    // u3 and u4 were answered while the subscribe of u1 and u2 was still held: not delayed.
    expect(releasedEarly).toBe(true);
    const batches = proxy.seen.map((w) => [w.state, ...w.ids]);
    expect(batches).toHaveLength(3);
    expect(batches.slice(0, 2)).toEqual(
      expect.arrayContaining([
        ["subscribed", "u1", "u2"],
        ["unsubscribed", "u3", "u4"],
      ]),
    );
    expect(batches[2]).toEqual(["unsubscribed", "u1"]);
    expect(fake.state.get("g", { externalId: "u1" })).toBe("unsubscribed");
    await braze.close();
  });

  it("keeps a chain of toggles in order; a repeat of a waiting write shares its slot", async () => {
    const { braze, fake, proxy } = await setUp(() => undefined);
    const calls = [
      braze.subscribe({ subscriptionGroupId: "g", email: "a@example.com" }),
      braze.unsubscribe({ subscriptionGroupId: "g", email: "a@example.com" }),
      braze.unsubscribe({ subscriptionGroupId: "g", email: "a@example.com" }),
      braze.enqueue({
        subscriptionGroupId: "g",
        email: "a@example.com",
        state: "subscribed",
        useDoubleOptIn: true,
      }),
      braze.subscribe({ subscriptionGroupId: "g", email: "a@example.com" }),
    ];
    const outcomes = await Promise.all(calls);
    expect(outcomes.map((o) => o.outcome)).toEqual(Array(5).fill("succeeded"));
    // Another useDoubleOptIn is another write: it waits like another state.
    expect(writesOf(proxy.seen, "a@example.com")).toEqual([
      "subscribed",
      "unsubscribed",
      "subscribed",
      "subscribed",
    ]);
    expect(fake.state.get("g", { email: "a@example.com" })).toBe("subscribed");
    await braze.close();
  });

  it("keeps call order for an email address in another letter case (one mailbox); each spelling is sent with its own outcome", async () => {
    const landed: string[] = [];
    const { braze } = await setUp(async (write, proxy) => {
      // The subscribe is slow: held until an unsubscribe was answered (or HOLD_MS).
      if (write.state === "subscribed")
        await proxy.answered((w) => w.state === "unsubscribed", HOLD_MS);
      landed.push(`${write.state} ${write.ids.join(",")}`);
      return undefined;
    });
    const outcomes = await Promise.all([
      braze.subscribe({ subscriptionGroupId: "g", email: "ann@example.com" }),
      braze.unsubscribe({ subscriptionGroupId: "g", email: "Ann@Example.com" }),
      braze.unsubscribe({ subscriptionGroupId: "g", email: "ANN@EXAMPLE.COM" }),
    ]);
    expect(outcomes.map((o) => [o.outcome, o.id])).toEqual([
      ["succeeded", "ann@example.com"],
      ["succeeded", "Ann@Example.com"],
      ["succeeded", "ANN@EXAMPLE.COM"],
    ]);
    expect(landed).toEqual([
      "subscribed ann@example.com",
      "unsubscribed Ann@Example.com,ANN@EXAMPLE.COM",
    ]);
    await braze.close();
  });

  it("refuses the writes waiting behind a failing group's at once when its circuit opens, not one coalescing delay each", async () => {
    const delayMs = 1_000;
    const { braze, proxy } = await setUp(() => 400, { coalesceDelayMs: delayMs });
    const settledAt: number[] = [];
    const calls = Array.from({ length: 8 }, (_, i) =>
      braze
        .enqueue({
          subscriptionGroupId: "g",
          externalId: "u1",
          state: i % 2 ? "unsubscribed" : "subscribed",
        })
        .then((outcome) => {
          settledAt[i] = performance.now();
          return outcome;
        }),
    );
    const outcomes = await Promise.all(calls);
    // A new group's circuit opens on its second identical refusal (fail fast per event).
    expect(outcomes.map((o) => o.outcome)).toEqual([
      "failed",
      "failed",
      ...Array(6).fill("not_sent"),
    ]);
    expect(proxy.seen).toHaveLength(2);
    // The six calls waiting behind the second write are refused as it settles, not 6 × the
    // coalescing delay later (each used to join a request of its own first, then be refused).
    const second = settledAt[1] as number;
    expect(Math.max(...settledAt.slice(2)) - second).toBeLessThan(delayMs);
    await braze.close();
  });

  it("close() sends a waiting write once the earlier one settled, then refuses new calls", async () => {
    // No timer would send the waiting write before the test times out: close() itself must.
    const { braze, fake, proxy } = await setUp(holdFirstSubscribe({ status: 429 }), {
      coalesceDelayMs: 600_000,
    });
    const first = braze.subscribe({ subscriptionGroupId: "g", externalId: "u1" });
    const second = braze.unsubscribe({ subscriptionGroupId: "g", externalId: "u1" });
    await braze.close();
    // Both were answered before close() resolved.
    expect(writesOf(proxy.seen, "u1")).toEqual(["subscribed 429", "subscribed", "unsubscribed"]);
    expect(fake.state.get("g", { externalId: "u1" })).toBe("unsubscribed");
    expect(await first).toMatchObject({ outcome: "succeeded", id: "u1" });
    expect(await second).toMatchObject({ outcome: "succeeded", id: "u1" });
    await expect(
      braze.unsubscribe({ subscriptionGroupId: "g", externalId: "u1" }),
    ).rejects.toBeInstanceOf(BrazeClosedError);
  });
});
