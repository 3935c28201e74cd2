import { describe, expect, it } from "vitest";
import { FixedWindow, RateLimiter, SlidingWindow } from "../src/core/rate-limit/index.js";
import { routes } from "../src/spec/operations.js";

describe("rate windows (unit)", () => {
  it.each([
    // [kind, request times, allowed?]
    [
      "fixed",
      [0, 10, 20, 999, 1000, 1001, 1002, 1003],
      [true, true, true, false, true, true, true, false],
    ],
    [
      "sliding",
      [0, 10, 20, 999, 1000, 1001, 1010, 1020],
      [true, true, true, false, true, false, true, true],
    ],
  ] as const)("%s: 3 per 1000 ms", (kind, times, want) => {
    const window = kind === "fixed" ? new FixedWindow(3, 1000) : new SlidingWindow(3, 1000);
    expect(times.map((t) => window.take(t).allowed)).toEqual(want);
  });

  it("peek counts nothing", () => {
    const window = new SlidingWindow(2, 1000);
    window.take(0);
    expect(window.peek(1)).toEqual({ allowed: true, limit: 2, remaining: 1, resetAtMs: 1000 });
    expect(window.peek(2).remaining).toBe(1);
  });

  it("shares one budget between operations of the same x-rate-limit bucket", () => {
    const [route] = routes;
    if (route === undefined) throw new Error("the spec has no operation");
    const sibling = {
      ...route,
      operationId: route.operationId,
      path: "/v2/subscription/status/set",
    };
    const other = { ...route, rateLimit: { ...route.rateLimit, bucket: "another-bucket" } };
    const limiter = new RateLimiter({
      limit: 2,
      intervalMs: 1000,
      window: "fixed",
      foreignShare: 0,
      buckets: new Map(),
    });
    expect(
      [limiter.take(route, 0), limiter.take(sibling, 1), limiter.take(route, 2)].map(
        (d) => d.allowed,
      ),
    ).toEqual([true, true, false]);
    expect(limiter.take(other, 3).allowed).toBe(true);
  });
});
