import { describe, expect, it } from "vitest";
import { readRateLimitHints, resumeAtMs } from "../src/limiter/rate-limit-headers.js";
import { backoffDelayMs, isRetryableStatus } from "../src/retry/retry-policy.js";

const policy = { maxAttempts: 8, maxElapsedMs: 60_000, baseDelayMs: 100, maxDelayMs: 1000 };

describe("retry policy", () => {
  it.each([
    [429, true],
    [408, true],
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [413, false],
    [201, false],
  ])("status %i retryable: %s", (status, want) => {
    expect(isRetryableStatus(status)).toBe(want);
  });

  it("draws full jitter under an exponential ceiling capped at maxDelayMs", () => {
    expect(backoffDelayMs(policy, 1, () => 0.999)).toBeCloseTo(99.9);
    expect(backoffDelayMs(policy, 3, () => 0.5)).toBe(200);
    expect(backoffDelayMs(policy, 20, () => 0.999)).toBeCloseTo(999);
    expect(backoffDelayMs(policy, 4, () => 0)).toBe(0);
  });
});

describe("rate-limit headers", () => {
  it("reads X-RateLimit-* (any case) and Retry-After in seconds or as a date", () => {
    const now = 1_700_000_000_000;
    const hints = readRateLimitHints(
      new Headers({
        "X-RateLimit-Limit": "5000",
        "x-ratelimit-remaining": "0",
        "X-RATELIMIT-RESET": "1700000003",
        "Retry-After": "2",
      }),
      now,
    );
    expect(hints).toEqual({
      limit: 5000,
      remaining: 0,
      resetAtMs: 1_700_000_003_000,
      retryAtMs: now + 2000,
    });
    const dated = readRateLimitHints(
      new Headers({ "retry-after": new Date(now + 5000).toUTCString() }),
      now,
    );
    expect(dated.retryAtMs).toBe(now + 5000);
  });

  it("ignores garbage and bounds the resume time to one interval", () => {
    const now = 10_000;
    expect(
      readRateLimitHints(new Headers({ "x-ratelimit-reset": "soon", "retry-after": "-3" }), now),
    ).toEqual({});
    // Number() reads these as 16, 10, 5 and 2: HTTP's delta-seconds are digits only.
    for (const value of ["0x10", "1e1", "+5", "0b10"]) {
      expect(
        readRateLimitHints(
          new Headers({ "retry-after": value, "x-ratelimit-remaining": value }),
          now,
        ),
      ).toEqual({});
    }
    expect(resumeAtMs({}, now, 1000)).toBeUndefined();
    expect(resumeAtMs({ resetAtMs: now + 99_999 }, now, 1000)).toBe(now + 1000);
    expect(resumeAtMs({ resetAtMs: now - 5000 }, now, 1000)).toBe(now);
    expect(resumeAtMs({ resetAtMs: now + 300, retryAtMs: now + 700 }, now, 1000)).toBe(now + 700);
  });
});
