import { operationMetadata } from "@braze-subscriptions/client";
import { afterEach, expect, it } from "vitest";
import { BrazeAbortError, createBrazeRuntime } from "../src/index.js";
import { runtimeWithItsSlotHeld } from "./support/held-slot.js";
import { hang, startScriptedServer } from "./support/scripted-server.js";

// The README's "Abort": in-flight requests end failed/aborted, those that never left
// not_sent/stopped, every identifier read has one outcome, then BrazeAbortError carries them.
const cap = operationMetadata.setSubscriptionStatus.requestBody.listFields.external_id.maxItems;

let server: Awaited<ReturnType<typeof startScriptedServer>> | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

it("signal: the request on the wire ends failed/aborted, the ones that never left not_sent/stopped", async () => {
  let arrived: () => void = () => {};
  const onTheWire = new Promise<void>((resolve) => {
    arrived = resolve;
  });
  // The first write never gets an answer: it is on the wire when the signal fires.
  server = await startScriptedServer([() => arrived()]);
  const braze = createBrazeRuntime({
    apiKey: "abort-key-1a2b3c",
    baseUrl: server.url,
    concurrency: 1,
  });
  const controller = new AbortController();
  const pending = braze.setStatus(
    {
      subscriptionGroupId: "g",
      state: "subscribed",
      externalIds: Array.from({ length: 3 * cap }, (_, i) => `u${i}`),
    },
    { signal: controller.signal, preflight: false },
  );
  await onTheWire;
  controller.abort(new Error("user left"));
  const error = await pending.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(BrazeAbortError);
  const result = (error as BrazeAbortError).result;
  if (!result || !("succeeded" in result)) throw new Error("no SetStatusResult on the error");
  expect(server.seen).toHaveLength(1);

  const outcomes = result.outcomes ?? [];
  expect(outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual(
    Array.from({ length: result.total }, (_, i) => i),
  );
  const sent = new Set(JSON.parse(server.seen[0]?.body ?? "{}").external_id as string[]);
  for (const outcome of outcomes) {
    if (outcome.id !== null && sent.has(outcome.id))
      expect(outcome).toMatchObject({ outcome: "failed", error: { code: "aborted" } });
    else
      expect(outcome).toMatchObject({
        outcome: "not_sent",
        reason: "stopped",
        error: { code: "aborted" },
      });
  }
  expect(sent.size).toBe(cap);
  // The next batch was read and waiting for the one slot when the signal fired.
  expect(result.notSent).toBeGreaterThan(0);
  expect(result).toMatchObject({ failed: cap, succeeded: 0 });
});

it("signal: a job whose requests wait for a slot another job holds ends at once, its identifiers not_sent/stopped", async () => {
  // One slot, held by job A's request that gets no answer. Job B's abort used to wait for
  // that request to settle (here: never) before B could end.
  server = await startScriptedServer([hang]);
  const { braze, release } = await runtimeWithItsSlotHeld(server, "abort-key-1a2b3c");
  const started = Date.now();
  const error = await braze
    .setStatus(
      { subscriptionGroupId: "g", state: "subscribed", externalIds: ["b", "c"] },
      { signal: AbortSignal.timeout(100), preflight: false },
    )
    .catch((e: unknown) => e);
  expect(Date.now() - started).toBeLessThan(2_000);
  expect(error).toBeInstanceOf(BrazeAbortError);
  const outcomes = (error as BrazeAbortError).result?.outcomes;
  expect(outcomes?.map((o) => [o.id, o.outcome, "reason" in o ? o.reason : undefined])).toEqual([
    ["b", "not_sent", "stopped"],
    ["c", "not_sent", "stopped"],
  ]);
  expect(server.seen).toHaveLength(1);
  await release();
  await braze.close();
});
