import { describe, expect, it } from "vitest";
import { createBrazeRuntime, MemoryLimiterStore, type RuntimeOptions } from "../src/index.js";
import { MAX_LOGGED_GRANTS } from "../src/limiter/memory-limiter-store.js";
import { resolveRuntimeOptions } from "../src/options/resolve-runtime-options.js";
import { readRulesOf } from "../src/spec/read-rules.js";
import { setStatusOperation } from "../src/spec/write-rules.js";

const base = { apiKey: "k-123", baseUrl: "http://127.0.0.1:9" };

describe("options", () => {
  it("defaults the rate limit from the spec and the rest from one place", () => {
    const resolved = resolveRuntimeOptions(base);
    expect(resolved.rateLimit).toMatchObject({
      share: 1,
      headroom: 0.02,
      bucket: "subscription-status-set",
    });
    // One namespace per workspace (API key and base URL), the key never in it.
    expect(resolved.rateLimit.namespace).toMatch(/^workspace-[0-9a-f]{16}$/);
    expect(
      resolveRuntimeOptions({ ...base, baseUrl: "http://127.0.0.1:9/" }).rateLimit.namespace,
    ).toBe(resolved.rateLimit.namespace);
    expect(resolveRuntimeOptions({ ...base, apiKey: "k-124" }).rateLimit.namespace).not.toBe(
      resolved.rateLimit.namespace,
    );
    expect(
      resolveRuntimeOptions({ ...base, baseUrl: "http://127.0.0.1:8" }).rateLimit.namespace,
    ).not.toBe(resolved.rateLimit.namespace);
    expect(resolved.rateLimit.limit).toBeGreaterThan(0);
    expect(resolved.rateLimit.store).toBeInstanceOf(MemoryLimiterStore);
    expect(resolved.retry).toEqual({
      maxAttempts: 8,
      maxElapsedMs: 600_000,
      baseDelayMs: 250,
      maxDelayMs: 30_000,
    });
    expect(resolved).toMatchObject({ timeoutMs: 30_000, concurrency: 64, coalesceDelayMs: 5 });
    expect(resolved.failFast).toEqual({ consecutive: 10, cooldownMs: 30_000 });
  });

  it.each<[string, Partial<RuntimeOptions> | Record<string, unknown>, RegExp]>([
    ["apiKey", { apiKey: "" }, /option "apiKey" must be a non-empty string/],
    [
      "baseUrl http",
      { baseUrl: "http://example.com" },
      /option "baseUrl" must use https:\/\/ unless the host is loopback/,
    ],
    [
      "rateLimit.limit",
      { rateLimit: { limit: 0 } },
      /option "rateLimit.limit" must be an integer ≥ 1, got number 0/,
    ],
    [
      "rateLimit.intervalMs",
      { rateLimit: { intervalMs: "1s" } },
      /option "rateLimit.intervalMs" must be a number of milliseconds from 1 to 2147483647 \(the longest a timer can wait, about 24.8 days\), got "1s"/,
    ],
    [
      "rateLimit.share",
      { rateLimit: { share: 1.5 } },
      /option "rateLimit.share" must be above 0 and at most 1, got number 1.5/,
    ],
    [
      "rateLimit.store",
      { rateLimit: { store: {} } },
      /option "rateLimit.store" must implement acquire\(\), observe\(\) and pauseUntil\(\)/,
    ],
    [
      "retry.maxAttempts",
      { retry: { maxAttempts: 1.5 } },
      /option "retry.maxAttempts" must be an integer ≥ 1, got number 1.5/,
    ],
    ["timeoutMs", { timeoutMs: -1 }, /option "timeoutMs" must be a number of milliseconds from 1/],
    // Options of other SDKs, or typos, used to be ignored: the call ran with the defaults.
    ["openai-node's timeout", { timeout: 5_000 }, /unknown option "timeout"; expected one of /],
    [
      "openai-node's baseURL",
      { baseURL: "http://127.0.0.1:1" },
      /unknown option "baseURL" \(did you mean "baseUrl"\?\)/,
    ],
    [
      "a typo inside retry",
      { retry: { maxAttempt: 1 } },
      /unknown option "retry.maxAttempt"; expected one of maxAttempts, maxElapsedMs/,
    ],
    [
      "a typo inside rateLimit",
      { rateLimit: { limits: 10 } },
      /unknown option "rateLimit.limits"; expected one of limit, intervalMs/,
    ],
    ["concurrency", { concurrency: 0 }, /option "concurrency" must be an integer ≥ 1/],
    [
      "logger",
      { logger: console.log },
      /option "logger" must have debug, info, warn and error methods/,
    ],
    ["onRetry", { onRetry: "yes" }, /option "onRetry" must be a function, got "yes"/],
    [
      "clock",
      { clock: { now: Date.now } },
      /option "clock" must have now\(\) and sleep\(\) methods/,
    ],
  ])("throws a TypeError naming %s", (_name, patch, message) => {
    const attempt = () => createBrazeRuntime({ ...base, ...patch } as RuntimeOptions);
    expect(attempt).toThrow(TypeError);
    expect(attempt).toThrow(message);
    expect(attempt).toThrow(/^createBrazeRuntime: /);
  });

  // Node turns a timer of 2^31 ms or more into 1 ms: a 25-day timeout would fire at once.
  const MAX = 2 ** 31 - 1;
  it.each<[string, (ms: number) => Record<string, unknown>]>([
    ["timeoutMs", (ms) => ({ timeoutMs: ms })],
    ["coalesceDelayMs", (ms) => ({ coalesceDelayMs: ms })],
    ["rateLimit.intervalMs", (ms) => ({ rateLimit: { intervalMs: ms } })],
    ["retry.maxElapsedMs", (ms) => ({ retry: { maxElapsedMs: ms } })],
    ["retry.baseDelayMs", (ms) => ({ retry: { baseDelayMs: ms } })],
    ["retry.maxDelayMs", (ms) => ({ retry: { maxDelayMs: ms } })],
  ])("refuses a %s longer than a timer can hold, and takes the longest one", (name, patch) => {
    for (const tooLong of [MAX + 1, 1e300]) {
      const attempt = () => createBrazeRuntime({ ...base, ...patch(tooLong) } as RuntimeOptions);
      expect(attempt).toThrow(TypeError);
      expect(attempt).toThrow(
        new RegExp(`option "${name}" must be a number of milliseconds from \\d to 2147483647`),
      );
    }
    expect(() => createBrazeRuntime({ ...base, ...patch(MAX) } as RuntimeOptions)).not.toThrow();
  });

  // A rule over a longer window than the spec's is held by the log alone: a count above what
  // it keeps (200,000 an hour against Braze's minute) was never reached, and not held.
  it("refuses a ceiling over a longer window than the spec's that its log cannot hold", async () => {
    const write = setStatusOperation.rateLimit;
    const read = readRulesOf();
    const over = MAX_LOGGED_GRANTS + 1;
    expect(() =>
      resolveRuntimeOptions({
        ...base,
        rateLimit: { limit: over, intervalMs: 2 * write.intervalMs },
      }),
    ).toThrow(
      /option "rateLimit.limit" must make share × limit at most 100000 over a window longer than the spec's/,
    );
    expect(() =>
      resolveRuntimeOptions({
        ...base,
        readRateLimit: { limit: over, intervalMs: 2 * read.intervalMs },
      }),
    ).toThrow(/option "readRateLimit.limit" must make share × limit at most 100000/);
    // What the log holds is accepted, and so is more with a share that brings it down, or over
    // the spec's own window (the server's words hold that one), or the spec's own rule untold.
    const held = {
      ...base,
      rateLimit: { limit: MAX_LOGGED_GRANTS, intervalMs: 2 * write.intervalMs },
    };
    expect(resolveRuntimeOptions(held).rateLimit.limit).toBe(MAX_LOGGED_GRANTS);
    const halved = {
      ...base,
      rateLimit: { limit: 2 * MAX_LOGGED_GRANTS, intervalMs: 2 * write.intervalMs, share: 0.5 },
    };
    expect(resolveRuntimeOptions(halved).rateLimit.limit).toBe(2 * MAX_LOGGED_GRANTS);
    expect(resolveRuntimeOptions({ ...base, rateLimit: { limit: over } }).rateLimit.limit).toBe(
      over,
    );
    expect(resolveRuntimeOptions(base).readRateLimit.limit).toBe(read.limit);
    // The runtime's own store grants no more than the rule over its window at the largest.
    const { store, ...rule } = resolveRuntimeOptions(held).rateLimit;
    let granted = 0;
    for (let i = 0; i <= MAX_LOGGED_GRANTS; i++) {
      const grant = await store.acquire("k", rule);
      if (grant.waitMs > 0) break;
      granted++;
    }
    expect(granted).toBe(MAX_LOGGED_GRANTS);
  });

  it("never repeats the API key in a TypeError", () => {
    const key = "has whitespace-secret";
    expect(() => createBrazeRuntime({ ...base, apiKey: key })).toThrow(TypeError);
    try {
      createBrazeRuntime({ ...base, apiKey: key });
    } catch (error) {
      expect((error as Error).message).not.toContain("secret");
    }
  });
});
