import { describe, expect, it } from "vitest";
import { gcraParams, MemoryLimiterStore, reserveSlot } from "../src/index.js";

/**
 * Largest number of send times inside any half-open window [t, t + intervalMs). Gaps within a
 * nanosecond of the interval count as the full interval: float sums of the emission interval
 * drift by far less than a timer can resolve.
 */
function maxInAnyWindow(times: number[], intervalMs: number): number {
  let max = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= intervalMs - 1e-6) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}

describe("GCRA", () => {
  it.each([
    ["no burst", { limit: 100, intervalMs: 1000 }],
    ["burst 10", { limit: 100, intervalMs: 1000, burst: 10 }],
    ["burst = limit", { limit: 20, intervalMs: 500, burst: 20 }],
    ["odd numbers", { limit: 7, intervalMs: 333 }],
  ])("never exceeds the limit in any sliding window, sustains the rest (%s)", (_name, rule) => {
    const params = gcraParams(rule);
    let tat = 0;
    const times: number[] = [];
    // Greedy callers arriving at irregular moments, each sending as soon as allowed.
    let now = 1_000_000;
    for (let i = 0; i < rule.limit * 10; i++) {
      now += (i * 7919) % 5 === 0 ? rule.intervalMs / rule.limit / 3 : 0;
      const slot = reserveSlot(params, tat, 0, now);
      tat = slot.tat;
      times.push(slot.sendAt);
    }
    expect(maxInAnyWindow(times, rule.intervalMs)).toBeLessThanOrEqual(rule.limit);
    const span = (times.at(-1) as number) - (times[0] as number);
    const rate = (times.length - 1) / span;
    // The sustained rate is what is left after the burst: (limit - burst + 1) per interval.
    const sustained =
      (rule.limit - ((rule as { burst?: number }).burst ?? 1) + 1) / rule.intervalMs;
    expect(rate).toBeGreaterThanOrEqual(sustained * 0.97);
  });

  it("lets a burst leave at once, then paces", () => {
    const params = gcraParams({ limit: 100, intervalMs: 1000, burst: 5 });
    let tat = 0;
    const sendAts = Array.from({ length: 7 }, () => {
      const slot = reserveSlot(params, tat, 0, 10_000);
      tat = slot.tat;
      return slot.sendAt;
    });
    expect(sendAts.slice(0, 5)).toEqual([10_000, 10_000, 10_000, 10_000, 10_000]);
    expect(sendAts[5]).toBeGreaterThan(10_000);
  });
});

describe("MemoryLimiterStore", () => {
  it("answers waits that space requests by interval/limit, per key", async () => {
    let now = 5000;
    const store = new MemoryLimiterStore({ now: () => now });
    const rule = { limit: 4, intervalMs: 1000 };
    const waits = [];
    for (let i = 0; i < 4; i++) waits.push((await store.acquire("a", rule)).waitMs);
    expect(waits).toEqual([0, 250, 500, 750]);
    expect((await store.acquire("b", rule)).waitMs).toBe(0);
    now += 2000;
    expect((await store.acquire("a", rule)).waitMs).toBe(0);
  });

  it("covers a pause in the wait, for every caller of the key", async () => {
    const now = 1000;
    const store = new MemoryLimiterStore({ now: () => now });
    const rule = { limit: 10, intervalMs: 1000 };
    await store.pauseUntil("k", 4000);
    expect((await store.acquire("k", rule)).waitMs).toBe(3000);
    expect((await store.acquire("k", rule)).waitMs).toBe(3100);
    expect((await store.acquire("other", rule)).waitMs).toBe(0);
  });
});
