import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { BrazeAbortError, type BrazeRuntime, createBrazeRuntime } from "../src/index.js";

// subscribe, unsubscribe and enqueue take a `signal` as send, setStatus and listUserGroups do:
// an abort ends the call with BrazeAbortError; a write not sent yet is taken back (unless
// another call shares its slot); one sent already goes on and is told `failed`, `aborted`; a
// call already answered keeps its outcome; every call still ends with exactly one outcome.

const API_KEY = "per-event-signal-key-91";
const GROUP = "group-per-event";

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const posts = () => (fake?.requests ?? []).filter((request) => request.method === "POST");
const sentIds = () =>
  posts().flatMap((request) => (request.body as { external_id?: string[] }).external_id ?? []);

async function runtimeOnFake(options: { latencyMs?: number; coalesceDelayMs?: number } = {}) {
  fake = await startBrazeFake({
    apiKeys: [API_KEY],
    rateLimit: false,
    latencyMs: options.latencyMs ?? 0,
  });
  let requests = 0;
  const braze = createBrazeRuntime({
    apiKey: API_KEY,
    baseUrl: fake.url,
    coalesceDelayMs: options.coalesceDelayMs ?? 60_000,
    onRequest: () => {
      requests++;
    },
  });
  return { braze, requestsLeft: () => requests };
}

/** What `call` rejected with, within 5 s (an abort that is ignored fails here, not by hanging). */
async function abortOf(call: Promise<unknown>): Promise<BrazeAbortError> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve("the call did not end within 5 s of its abort"), 5_000);
  });
  const error = await Promise.race([
    call.then(
      (outcome) => ({ resolved: outcome }),
      (e: unknown) => e,
    ),
    late,
  ]).finally(() => clearTimeout(timer));
  expect(error).toBeInstanceOf(BrazeAbortError);
  return error as BrazeAbortError;
}

const one = (braze: BrazeRuntime, externalId: string, signal?: AbortSignal) =>
  braze.subscribe({ subscriptionGroupId: GROUP, externalId }, signal ? { signal } : undefined);

describe("a signal per per-event call", () => {
  it("an abort while the write waits for company takes it back: never sent, the others are", async () => {
    const { braze } = await runtimeOnFake();
    const controller = new AbortController();
    const kept = one(braze, "kept");
    const aborted = braze.enqueue(
      { subscriptionGroupId: GROUP, externalId: "taken-back", state: "subscribed" },
      { signal: controller.signal },
    );
    controller.abort(new Error("user left the page"));
    const error = await abortOf(aborted);
    expect(error.message).toMatch(/user left the page/);
    expect(error.cause).toMatchObject({ message: "user left the page" });
    expect(error.outcome).toMatchObject({
      outcome: "not_sent",
      reason: "stopped",
      type: "external_id",
      id: "taken-back",
      error: { code: "aborted" },
    });
    await braze.flush();
    await expect(kept).resolves.toMatchObject({ outcome: "succeeded", id: "kept" });
    expect(sentIds()).toEqual(["kept"]);
    await braze.close();
  });

  it("a batch whose every call aborted is not sent at all, and flush() resolves", async () => {
    const { braze, requestsLeft } = await runtimeOnFake();
    const controller = new AbortController();
    const calls = ["a", "b", "c"].map((id) => one(braze, id, controller.signal));
    controller.abort();
    for (const call of calls) expect((await abortOf(call)).outcome?.outcome).toBe("not_sent");
    await braze.flush();
    expect(requestsLeft()).toBe(0);
    await braze.close();
  });

  it("a signal aborted already: rejects at once, nothing queued", async () => {
    const { braze, requestsLeft } = await runtimeOnFake();
    const error = await abortOf(one(braze, "late", AbortSignal.abort(new Error("too late"))));
    expect(error.cause).toMatchObject({ message: "too late" });
    expect(error.outcome).toMatchObject({ outcome: "not_sent", id: "late" });
    await braze.flush();
    expect(requestsLeft()).toBe(0);
    await braze.close();
  });

  it("a repeat sharing the slot keeps the write: the call that did not abort gets its outcome", async () => {
    const { braze } = await runtimeOnFake();
    const controller = new AbortController();
    const first = one(braze, "shared", controller.signal);
    const repeat = one(braze, "shared");
    controller.abort();
    await abortOf(first);
    await braze.flush();
    await expect(repeat).resolves.toMatchObject({ outcome: "succeeded", id: "shared" });
    expect(sentIds()).toEqual(["shared"]);
    await braze.close();
  });

  it("an abort once the request left ends the call `failed`, `aborted`; the request goes on for the others", async () => {
    const { braze, requestsLeft } = await runtimeOnFake({ latencyMs: 400, coalesceDelayMs: 1 });
    const controller = new AbortController();
    const aborted = one(braze, "on-the-wire", controller.signal);
    const other = one(braze, "neighbour");
    while (requestsLeft() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    const started = Date.now();
    controller.abort();
    const error = await abortOf(aborted);
    // At once, not after the answer.
    expect(Date.now() - started).toBeLessThan(300);
    expect(error.outcome).toMatchObject({
      outcome: "failed",
      id: "on-the-wire",
      error: { code: "aborted" },
    });
    await expect(other).resolves.toMatchObject({ outcome: "succeeded" });
    await braze.flush();
    expect(sentIds().sort()).toEqual(["neighbour", "on-the-wire"]);
    await braze.close();
  });

  it("an abort while waiting for an earlier write of its identifier: that write is not sent, the next one is", async () => {
    const { braze } = await runtimeOnFake({ latencyMs: 300, coalesceDelayMs: 1 });
    const controller = new AbortController();
    const subscribed = one(braze, "toggled");
    // Waits for the subscribe to settle (call order), then would unsubscribe.
    const unsubscribe = braze.unsubscribe(
      { subscriptionGroupId: GROUP, externalId: "toggled" },
      { signal: controller.signal },
    );
    controller.abort();
    expect((await abortOf(unsubscribe)).outcome?.outcome).toBe("not_sent");
    await expect(subscribed).resolves.toMatchObject({ outcome: "succeeded" });
    await braze.flush();
    expect(posts()).toHaveLength(1);
    expect(fake?.state.get(GROUP, { externalId: "toggled" })).toBe("subscribed");
    // The identifier's order is not stuck: a later call goes.
    await expect(
      braze.unsubscribe({ subscriptionGroupId: GROUP, externalId: "toggled" }),
    ).resolves.toMatchObject({ outcome: "succeeded" });
    await braze.close();
  });

  it("a call answered before the abort keeps its outcome", async () => {
    const { braze } = await runtimeOnFake({ coalesceDelayMs: 1 });
    const controller = new AbortController();
    const outcome = await one(braze, "answered", controller.signal);
    controller.abort();
    expect(outcome).toMatchObject({ outcome: "succeeded", id: "answered" });
    await braze.close();
  });

  it("refuses a bad signal or an unknown option with a TypeError naming the call", async () => {
    const { braze, requestsLeft } = await runtimeOnFake();
    const input = { subscriptionGroupId: GROUP, externalId: "x" };
    await expect(braze.subscribe(input, { signal: {} as AbortSignal })).rejects.toThrow(
      /^subscribe: option "signal" must be an AbortSignal/,
    );
    await expect(
      braze.enqueue({ ...input, state: "subscribed" }, { timeout: 5 } as never),
    ).rejects.toThrow(TypeError);
    await braze.flush();
    expect(requestsLeft()).toBe(0);
    await braze.close();
  });
});
