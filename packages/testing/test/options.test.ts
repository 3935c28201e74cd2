import { describe, expect, it } from "vitest";
import { FakeListenError, startBrazeFake } from "../src/index.js";
import { resolveFakeOptions } from "../src/options/resolve-fake-options.js";

describe("resolveFakeOptions", () => {
  it("applies the documented defaults", () => {
    const resolved = resolveFakeOptions();
    expect(resolved).toMatchObject({
      port: 0,
      host: "127.0.0.1",
      apiKeys: undefined,
      rateLimit: {
        limit: undefined,
        intervalMs: undefined,
        window: "fixed",
        foreignShare: 0,
        buckets: new Map(),
      },
      faults: { seed: 1, rates: {}, timeoutDelayMs: 30_000, storms: [] },
      maxBodyBytes: undefined,
      latencyMs: 0,
      maxLogEntries: 10_000,
      logBodies: true,
    });
  });

  it.each([
    [{ port: 70000 }, /option "port" must be an integer from 0 to 65535, got number 70000/],
    [
      { rateLimit: { window: "rolling" } },
      /option "rateLimit.window" must be "fixed" or "sliding", got "rolling"/,
    ],
    [
      { rateLimit: { foreignShare: 1 } },
      /option "rateLimit.foreignShare" must be a number from 0 to below 1, got number 1/,
    ],
    [{ rateLimit: { limit: 0 } }, /option "rateLimit.limit" must be an integer ≥ 1, got number 0/],
    [{ faults: { rates: { 500: 2 } } }, /option "faults.rates.500" must be a number from 0 to 1/],
    [{ faults: { rates: { 418: 0.1 } } }, /option "faults.rates" must be keys among 500, 502/],
    [{ faults: { rates: { 500: 0.7, reset: 0.7 } } }, /add up to at most 1/],
    [
      { faults: { storms: [{ startMs: 0 }] } },
      /option "faults.storms\[0\]" must be an object with startMs and durationMs/,
    ],
    [{ latencyMs: -1 }, /option "latencyMs" must be an integer number of milliseconds from 0/],
    // A misspelt bucket would limit nothing while the test believes it does.
    [
      { rateLimit: { buckets: { "subscription-status-sets": { limit: 1 } } } },
      /option "rateLimit.buckets" must be keys among the spec's buckets .*, got "subscription-status-sets"/,
    ],
    [{ colour: "blue" }, /unknown option "colour"/],
    // A misspelt nested option ran the fake without the faults the test believed it set.
    [{ faults: { rate: { 500: 1 } } }, /unknown option "faults.rate"; expected one of seed, rates/],
    // Node turns a timer of 2^31 ms or more into 1 ms: every duration is capped.
    [
      { latencyMs: 2 ** 31 },
      /option "latencyMs" must be an integer number of milliseconds from 0 to 2147483647 \(the longest a timer can wait, about 24.8 days\), got number 2147483648/,
    ],
    [
      { faults: { timeoutDelayMs: 2 ** 31 } },
      /option "faults.timeoutDelayMs" must be an integer number of milliseconds from 0 to 2147483647/,
    ],
    [
      { rateLimit: { intervalMs: 2 ** 31 } },
      /option "rateLimit.intervalMs" must be an integer number of milliseconds from 1 to 2147483647/,
    ],
    [
      { faults: { storms: [{ startMs: 2 ** 31, durationMs: 1 }] } },
      /option "faults.storms\[0\].startMs" must be an integer number of milliseconds/,
    ],
    [
      { faults: { storms: [{ startMs: 0, durationMs: 1, everyMs: 2 ** 31 }] } },
      /option "faults.storms\[0\].everyMs" must be an integer number of milliseconds from 1 to 2147483647/,
    ],
    // A misspelt storm field ran a storm that never repeated (or ran none).
    [
      { faults: { storms: [{ startMs: 0, durationMs: 1, every: 60_000 }] } },
      /unknown option "faults\.storms\[0\]\.every"; expected one of startMs, durationMs, everyMs/,
    ],
    [
      { rateLimit: "100/s" },
      /option "rateLimit" must be false or an object \{ limit\?, intervalMs\?, window\?, foreignShare\?, buckets\? \}/,
    ],
    // Each nested budget refuses names outside it too.
    [
      { rateLimit: { buckets: { "subscription-status-set": { limt: 1 } } } },
      /unknown option "rateLimit\.buckets\.subscription-status-set\.limt"/,
    ],
  ])("throws a TypeError naming the option for %j", (options, message) => {
    expect(() => resolveFakeOptions(options as never)).toThrow(TypeError);
    expect(() => resolveFakeOptions(options as never)).toThrow(message);
  });

  it("never repeats an API key in an error", () => {
    const secret = "sk live 123456";
    expect(() => resolveFakeOptions({ apiKeys: ["ok", secret] })).toThrow(
      /apiKeys\[1\].*14-character string/,
    );
    let error: unknown;
    try {
      resolveFakeOptions({ apiKeys: [secret] });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(TypeError);
    expect(String(error)).not.toContain("123456");
  });

  it("rejects with a FakeListenError when the port is taken", async () => {
    const first = await startBrazeFake();
    const port = Number(new URL(first.url).port);
    await expect(startBrazeFake({ port })).rejects.toBeInstanceOf(FakeListenError);
    await first.close();
  });
});
