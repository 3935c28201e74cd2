import { describe, expect, it } from "vitest";
import { type Clock, MemoryLimiterStore, systemClock } from "../src/index.js";
import { BucketLimiter } from "../src/limiter/bucket-limiter.js";
import { maxInAnyWindow } from "./helpers/windows.js";

/** The real clock, but every timer fires up to `maxLateMs` late, as on a busy machine. */
function lateClock(maxLateMs: number, seed = 1): Clock {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  return {
    now: systemClock.now,
    sleep: (ms, signal) => systemClock.sleep(ms + random() * maxLateMs, signal),
  };
}

describe("BucketLimiter", () => {
  it("keeps actual send times within the limit even when timers fire late", async () => {
    const limit = 40;
    const intervalMs = 400;
    const headroom = 0.02;
    const limiter = new BucketLimiter({
      store: new MemoryLimiterStore(),
      key: "test:bucket",
      rule: { limit, intervalMs: intervalMs * (1 + headroom) },
      clock: lateClock(60),
      sendLogWindowMs: intervalMs * (1 + headroom / 2),
    });
    const sent: number[] = [];
    let remaining = 160;
    const worker = async () => {
      while (remaining-- > 0) {
        await limiter.take(undefined, Number.POSITIVE_INFINITY);
        sent.push(Date.now());
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
    expect(sent).toHaveLength(160);
    expect(maxInAnyWindow(sent, intervalMs)).toBeLessThanOrEqual(limit);
  });

  it("holds back every request of the bucket during a pause, even ones with an earlier slot", async () => {
    const limiter = new BucketLimiter({
      store: new MemoryLimiterStore(),
      key: "test:pause",
      rule: { limit: 10, intervalMs: 1000 },
      clock: systemClock,
    });
    const first = limiter.take(undefined, Number.POSITIVE_INFINITY); // slot now
    const second = limiter.take(undefined, Number.POSITIVE_INFINITY); // slot in 100 ms
    await first;
    const until = Date.now() + 300;
    await limiter.pauseUntil(until);
    await second;
    expect(Date.now()).toBeGreaterThanOrEqual(until - 2);
  });

  it("rejects with the signal's reason when aborted while waiting", async () => {
    const limiter = new BucketLimiter({
      store: new MemoryLimiterStore(),
      key: "test:abort",
      rule: { limit: 1, intervalMs: 10_000 },
      clock: systemClock,
    });
    await limiter.take(undefined, Number.POSITIVE_INFINITY);
    const controller = new AbortController();
    const waiting = limiter.take(controller.signal, Number.POSITIVE_INFINITY);
    controller.abort(new Error("stop"));
    await expect(waiting).rejects.toThrow("stop");
  });
});
