import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { BrazeAbortError, createBrazeRuntime } from "../src/index.js";

// A BrazeAbortError keeps what aborted it as `cause` (openai-node's abort errors keep the
// reason): a caller tells its own stop from a deadline. The reason is the caller's value, yet
// the API key never reaches the error's message, cause or JSON form.

const API_KEY = "test-key-abort-cause-7f3a";
const GROUP = "group-abort-cause";

class ShutdownError extends Error {
  override name = "ShutdownError";
}

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A runtime on a fake that answers after 10 s: every call is still in flight when aborted. */
async function slowRuntime(concurrency?: number) {
  fake = await startBrazeFake({ apiKeys: [API_KEY], latencyMs: 10_000, logBodies: false });
  return createBrazeRuntime({
    apiKey: API_KEY,
    baseUrl: fake.url,
    retry: { maxAttempts: 1 },
    ...(concurrency === undefined ? {} : { concurrency }),
  });
}

async function rejection(promise: Promise<unknown>): Promise<BrazeAbortError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(BrazeAbortError);
  return error as BrazeAbortError;
}

const body = { subscription_group_id: GROUP, subscription_state: "subscribed", external_id: "a" };

describe("BrazeAbortError keeps the abort's reason as cause", () => {
  it("send: the caller's own reason (name and message), in the JSON form too", async () => {
    const braze = await slowRuntime();
    const controller = new AbortController();
    const sent = braze.send(body as never, { signal: controller.signal });
    setTimeout(() => controller.abort(new ShutdownError("deploying")), 50);
    const error = await rejection(sent);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause).toMatchObject({ name: "ShutdownError", message: "deploying" });
    expect(error.toJSON()).toMatchObject({
      cause: { name: "ShutdownError", message: "deploying" },
    });
    await braze.close();
  });

  it("a deadline (AbortSignal.timeout) is told apart by its cause's name", async () => {
    const braze = await slowRuntime();
    const error = await rejection(braze.send(body as never, { signal: AbortSignal.timeout(50) }));
    expect(error.cause).toMatchObject({ name: "TimeoutError" });
    await braze.close();
  });

  it("while waiting for a free slot (0 attempts), the reason is kept too", async () => {
    const braze = await slowRuntime(1);
    const holder = new AbortController();
    const holding = braze.send(body as never, { signal: holder.signal });
    const waiting = braze.send(body as never, { signal: AbortSignal.timeout(50) });
    const error = await rejection(waiting);
    expect(error.cause).toMatchObject({ name: "TimeoutError" });
    holder.abort(new ShutdownError("done"));
    await rejection(holding);
    await braze.close();
  });

  it("setStatus and getStatus: the job's abort error carries the reason", async () => {
    const braze = await slowRuntime();
    const controller = new AbortController();
    const input = { subscriptionGroupId: GROUP, externalIds: ["a", "b"] };
    const writing = braze.setStatus(
      { ...input, state: "subscribed" },
      { preflight: false, signal: controller.signal },
    );
    const reading = braze.getStatus(input, { signal: controller.signal });
    setTimeout(() => controller.abort(new ShutdownError("SIGTERM")), 50);
    for (const error of [await rejection(writing), await rejection(reading)]) {
      expect(error.cause).toMatchObject({ name: "ShutdownError", message: "SIGTERM" });
      expect(error.result?.outcomes).toHaveLength(2);
    }
    await braze.close();
  });

  it("a reason quoting the API key is scrubbed from the message, the cause and the JSON", async () => {
    const braze = await slowRuntime();
    const controller = new AbortController();
    const sent = braze.send(body as never, { signal: controller.signal });
    const writing = braze.setStatus(
      { subscriptionGroupId: GROUP, state: "subscribed", externalIds: ["a"] },
      { preflight: false, signal: controller.signal },
    );
    const secret = new ShutdownError(`stopped with key ${API_KEY}`);
    secret.cause = new Error(`inner ${API_KEY}`);
    setTimeout(() => controller.abort(secret), 50);
    for (const error of [await rejection(sent), await rejection(writing)]) {
      expect(error.cause).toMatchObject({ name: "ShutdownError" });
      const everything = [
        error.message,
        String((error.cause as Error).message),
        String(((error.cause as Error).cause as Error).message),
        JSON.stringify(error),
        JSON.stringify(error.result ?? {}),
      ].join("\n");
      expect(everything).toContain("[redacted]");
      expect(everything).not.toContain(API_KEY);
    }
    await braze.close();
  });
});
