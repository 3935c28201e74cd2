import { describe, expect, it } from "vitest";
import { MemoryLimiterStore, systemClock } from "../src/index.js";
import { BucketLimiter } from "../src/limiter/bucket-limiter.js";

function limiter(limit: number, intervalMs: number) {
  return new BucketLimiter({
    store: new MemoryLimiterStore(),
    key: "test:bucket",
    rule: { limit, intervalMs },
    clock: systemClock,
  });
}

const forever = Number.POSITIVE_INFINITY;

describe("BucketLimiter", () => {
  it("holds back every request of the bucket during a pause", async () => {
    const bucket = limiter(10, 1000);
    await bucket.take(undefined, forever);
    const until = Date.now() + 300;
    await bucket.pauseUntil(until);
    await bucket.take(undefined, forever);
    expect(Date.now()).toBeGreaterThanOrEqual(until - 2);
  });

  it("wakes the waiting line as soon as a response brings news, not at the timer", async () => {
    const bucket = limiter(1, 10_000);
    const first = await bucket.take(undefined, forever);
    const started = Date.now();
    const second = bucket.take(undefined, forever);
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The server says a whole new budget is there (a fixed window turned).
    await bucket.observe({
      ticket: first,
      refused: false,
      remaining: 5,
      limit: 5,
      resetAtMs: Date.now() + 5000,
    });
    await second;
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("rejects with the signal's reason when aborted while waiting in line", async () => {
    const bucket = limiter(1, 10_000);
    await bucket.take(undefined, forever);
    const headController = new AbortController();
    const head = bucket.take(headController.signal, forever);
    const controller = new AbortController();
    const queued = bucket.take(controller.signal, forever);
    controller.abort(new Error("stop"));
    await expect(queued).rejects.toThrow("stop");
    headController.abort(new Error("done"));
    await expect(head).rejects.toThrow("done");
  });
});
