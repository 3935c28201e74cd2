import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { type Clock, createBrazeRuntime, type RuntimeOptions, systemClock } from "../src/index.js";
import { maxInAnyWindow } from "./support/windows.js";

// `rateLimit` told over a longer window than the spec's (`--rate-limit 6000/1h` against
// Braze's 5,000 a minute) is a promise to the workspace: until 6 December 2026 only its count
// was compared with the server's, so each server minute that said "plenty remains" was
// followed past it.

const API_KEY = "test-key-long-ceiling";
const write = operationMetadata.setSubscriptionStatus;
const CAP = write.requestBody.listFields.external_id.maxItems;
const SERVER_WINDOW_MS = write.rateLimit.intervalMs;
/** The server's count per its window, and the ceiling's per two of them: the same count. */
const COUNT = 10;
const TOLD_WINDOW_MS = 2 * SERVER_WINDOW_MS;
let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A clock `speedup` times faster than the machine's, from now on. */
function fastClock(speedup: number): Clock {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * speedup,
    sleep: (ms, signal) => systemClock.sleep(ms / speedup, signal),
  };
}

/**
 * The fake with `COUNT` per `serverWindowMs` (fixed windows) and a runtime told `told`, both
 * on one clock on which `serverWindowMs` passes in a second.
 */
async function onFastClock(
  serverWindowMs: number,
  told: Pick<RuntimeOptions, "rateLimit" | "readRateLimit">,
) {
  const clock = fastClock(serverWindowMs / 1_000);
  const started = await startBrazeFake({
    apiKeys: [API_KEY],
    rateLimit: { limit: COUNT, intervalMs: serverWindowMs, window: "fixed" },
    now: clock.now,
    logBodies: false,
  });
  fake = started;
  const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: started.url, clock, ...told });
  return { fake: started, braze };
}

describe("a rate limit told over a longer window than the spec's", () => {
  it("holds its count over its own window while each server window says more remains", async () => {
    const { fake, braze } = await onFastClock(SERVER_WINDOW_MS, {
      rateLimit: { limit: COUNT, intervalMs: TOLD_WINDOW_MS },
    });
    const requests = 2 * COUNT + 3;
    const result = await braze.setStatus({
      subscriptionGroupId: "g",
      state: "unsubscribed",
      externalIds: Array.from({ length: requests * CAP }, (_, i) => `long-${i}`),
    });
    await braze.close();
    expect(result.succeeded).toBe(requests * CAP);
    const writes = fake.requests.filter((r) => r.method === "POST");
    expect(writes.every((r) => r.status === 201)).toBe(true);
    // The fake logs its own clock (the shared fast one).
    expect(
      maxInAnyWindow(
        writes.map((r) => r.time),
        TOLD_WINDOW_MS,
      ),
    ).toBeLessThanOrEqual(COUNT);
  }, 30_000);

  // The reads' bucket (`readRateLimit`, `verify --rate-limit` and `status` in the CLI) is held
  // the same way over its own window, longer than the spec's window of the read.
  it("holds a read ceiling over its own window while each server window says more remains", async () => {
    const read = operationMetadata.getSubscriptionStatus;
    const readWindowMs = read.rateLimit.intervalMs;
    // The read's window (an hour in the spec) passes in a second.
    const { fake, braze } = await onFastClock(readWindowMs, {
      readRateLimit: { limit: COUNT, intervalMs: 2 * readWindowMs },
    });
    const readCap = read.query.listFields.external_id.maxItems;
    const requests = 2 * COUNT + 3;
    const result = await braze.getStatus({
      subscriptionGroupId: "g",
      externalIds: Array.from({ length: requests * readCap }, (_, i) => `long-read-${i}`),
    });
    await braze.close();
    expect(result).toMatchObject({ failed: 0, requests });
    const reads = fake.requests.filter((r) => r.path === read.path);
    expect(reads).toHaveLength(requests);
    expect(reads.every((r) => r.status === 200)).toBe(true);
    expect(
      maxInAnyWindow(
        reads.map((r) => r.time),
        2 * readWindowMs,
      ),
    ).toBeLessThanOrEqual(COUNT);
  }, 30_000);
});
