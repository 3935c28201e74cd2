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

/**
 * The real clock of a process whose event loop stalls for `stallMs` once every `periodMs`: a
 * timer due during a stall fires when the stall ends, together with every other one due then.
 */
function stallingClock(periodMs: number, stallMs: number): Clock {
  const start = Date.now();
  return {
    now: systemClock.now,
    sleep: (ms, signal) => {
      const due = Date.now() + ms;
      const intoPeriod = (due - start) % periodMs;
      const stallStart = periodMs - stallMs;
      const firesAt = intoPeriod >= stallStart ? due - intoPeriod + periodMs : due;
      return systemClock.sleep(firesAt - Date.now(), signal);
    },
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

  it("gives up a slot it woke too late for, so two processes sharing a store stay within the limit", async () => {
    const limit = 20;
    const intervalMs = 500;
    const headroom = 0.1;
    const store = new MemoryLimiterStore(); // shared, as a Redis store is shared by processes
    const processLimiter = (clock: Clock, lateSlotToleranceMs: number | undefined) =>
      new BucketLimiter({
        store,
        key: "test:shared",
        rule: { limit, intervalMs: intervalMs * (1 + headroom) },
        clock,
        sendLogWindowMs: intervalMs * (1 + headroom / 2),
        ...(lateSlotToleranceMs === undefined ? {} : { lateSlotToleranceMs }),
      });
    const run = async (lateSlotToleranceMs: number | undefined) => {
      const stalled = processLimiter(stallingClock(1000, 300), lateSlotToleranceMs);
      const healthy = processLimiter(systemClock, lateSlotToleranceMs);
      const sent: number[] = [];
      let remaining = 100;
      const work = async (limiter: BucketLimiter) => {
        while (remaining-- > 0) {
          await limiter.take(undefined, Number.POSITIVE_INFINITY);
          sent.push(Date.now());
        }
      };
      const workers = [stalled, healthy].flatMap((limiter) =>
        Array.from({ length: 4 }, () => work(limiter)),
      );
      await Promise.all(workers);
      return sent;
    };
    // The control: without the tolerance, the sends due during a stall all leave when it ends,
    // on top of the slots granted to the healthy process after them.
    const without = await run(undefined);
    expect(maxInAnyWindow(without, intervalMs)).toBeGreaterThan(limit);
    const withTolerance = await run((intervalMs * headroom) / 4);
    expect(withTolerance).toHaveLength(100);
    expect(maxInAnyWindow(withTolerance, intervalMs)).toBeLessThanOrEqual(limit);
  }, 30_000);

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

describe("systemClock.sleep", () => {
  it("waits out a delay longer than a timer can hold instead of firing after 1 ms", async () => {
    // A pause until a far X-RateLimit-Reset: handed to setTimeout whole, Node fires it at once
    // and the limiter spins.
    const controller = new AbortController();
    let settled = "pending";
    const sleeping = systemClock.sleep(2 ** 31 + 1000, controller.signal).then(
      () => {
        settled = "resolved";
      },
      () => {
        settled = "aborted";
      },
    );
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(settled).toBe("pending");
    controller.abort(new Error("done"));
    await sleeping;
    expect(settled).toBe("aborted");
  });
});
