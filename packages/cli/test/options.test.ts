import { describe, expect, it } from "vitest";
import { formatDuration, parseDuration } from "../src/options/duration.js";
import { parseRateLimit } from "../src/options/rate-limit.js";
import { resolveSetOptions } from "../src/options/set-options.js";
import { createRedactor } from "../src/redact.js";
import { resolveVerifyOptions } from "../src/verify/verify-options.js";

describe("parseRateLimit", () => {
  it.each([
    ["5000/1m", { limit: 5000, intervalMs: 60_000 }],
    ["600/10s", { limit: 600, intervalMs: 10_000 }],
    ["100/s", { limit: 100, intervalMs: 1_000 }],
    ["6/100ms", { limit: 6, intervalMs: 100 }],
    ["10/1.5h", { limit: 10, intervalMs: 5_400_000 }],
  ])("%s", (text, want) => {
    expect(parseRateLimit(text)).toEqual(want);
  });

  it.each(["5000", "0/1m", "x/1m", "5/0s", "5/1m/2", "5/1d", "-5/1m"])(
    "refuses %s with a TypeError naming the flag",
    (text) => {
      expect(() => parseRateLimit(text)).toThrow(TypeError);
      expect(() => parseRateLimit(text)).toThrow(/--rate-limit expects <requests>\/<interval>/);
    },
  );
});

describe("durations", () => {
  it("parses and formats", () => {
    expect(parseDuration("250ms")).toBe(250);
    expect(parseDuration("m")).toBe(60_000);
    expect(parseDuration("soon")).toBeUndefined();
    expect(formatDuration(850)).toBe("850ms");
    expect(formatDuration(12_400)).toBe("12.4s");
    expect(formatDuration(185_000)).toBe("3m 05s");
    expect(formatDuration(3_720_000)).toBe("1h 02m");
  });
});

describe("resolveSetOptions", () => {
  const base = { group: "g", state: "unsubscribed", input: "list.csv" };

  it("takes the key and target from the environment, the flag winning", () => {
    const resolved = resolveSetOptions(base, {
      BRAZE_API_KEY: "env-key-123456",
      BRAZE_INSTANCE: "EU-01",
    });
    expect(resolved).toMatchObject({ apiKey: "env-key-123456", target: { instance: "EU-01" } });
    const flagged = resolveSetOptions(
      { ...base, apiKey: "flag-key-123456", baseUrl: "http://127.0.0.1:1/" },
      { BRAZE_INSTANCE: "EU-01" },
    );
    expect(flagged).toMatchObject({
      apiKey: "flag-key-123456",
      target: { baseUrl: "http://127.0.0.1:1" },
    });
  });

  it("turns --max-retries into attempts and --type without --column into one-per-line", () => {
    const resolved = resolveSetOptions(
      { ...base, type: "phone", maxRetries: "3" },
      { BRAZE_API_KEY: "k-12345678", BRAZE_INSTANCE: "US-01" },
    );
    expect(resolved).toMatchObject({ maxAttempts: 4, format: { kind: "lines", type: "phone" } });
  });

  it("needs neither key nor target for a dry run", () => {
    expect(resolveSetOptions({ ...base, dryRun: true }, {})).toMatchObject({
      apiKey: undefined,
      target: undefined,
    });
  });

  it("checks --input and --from-report as every text flag: missing, or blank", () => {
    const env = { BRAZE_API_KEY: "k-12345678", BRAZE_INSTANCE: "US-01" };
    expect(() => resolveSetOptions({ group: "g", state: "subscribed" }, env)).toThrow(
      /^missing required option --input <file\|->$/,
    );
    expect(() => resolveSetOptions({ ...base, input: " " }, env)).toThrow(
      /^--input must not be empty$/,
    );
    const verify = { group: "g", state: "subscribed", fromReport: " " };
    expect(() => resolveVerifyOptions(verify, env)).toThrow(/^--from-report must not be empty$/);
  });

  it("refuses a Redis URL the store would refuse (no host), before anything runs, without echoing it", () => {
    const env = { BRAZE_API_KEY: "k-12345678", BRAZE_INSTANCE: "US-01" };
    for (const redisUrl of ["redis://:s3cret@", "redis://", "http://h:6379", "redis:h"]) {
      expect(() => resolveSetOptions({ ...base, redisUrl, dryRun: true }, env)).toThrow(
        /^--redis-url \(or BRAZE_REDIS_URL\) must be a redis:\/\/ or rediss:\/\/ URL$/,
      );
    }
    const ok = resolveSetOptions({ ...base, redisUrl: " rediss://:pw@cache:6380/1 " }, env);
    expect(ok.redisUrl).toBe("rediss://:pw@cache:6380/1");
  });

  it("takes --redis-namespace (or BRAZE_REDIS_NAMESPACE) with a Redis URL only: alone it would name no budget", () => {
    const env = { BRAZE_API_KEY: "k-12345678", BRAZE_INSTANCE: "US-01" };
    const redisUrl = "redis://cache:6379";
    expect(() => resolveSetOptions({ ...base, redisNamespace: "acme" }, env)).toThrow(
      /^--redis-namespace names a budget kept in Redis: give --redis-url \(or BRAZE_REDIS_URL\) too$/,
    );
    expect(() => resolveSetOptions({ ...base, redisUrl, redisNamespace: " " }, env)).toThrow(
      /^--redis-namespace must not be empty$/,
    );
    expect(resolveSetOptions({ ...base, redisUrl, redisNamespace: "acme" }, env)).toMatchObject({
      redisNamespace: "acme",
    });
    const fromEnv = { ...env, BRAZE_REDIS_NAMESPACE: " team " };
    expect(resolveSetOptions({ ...base, redisUrl }, fromEnv).redisNamespace).toBe("team");
    // The flag beats the environment; without either, the runtime's default (per key).
    expect(
      resolveSetOptions({ ...base, redisUrl, redisNamespace: "acme" }, fromEnv).redisNamespace,
    ).toBe("acme");
    expect(resolveSetOptions({ ...base, redisUrl }, env).redisNamespace).toBeUndefined();
  });

  it("never repeats the key in its errors", () => {
    const key = "super secret key";
    expect(() => resolveSetOptions({ ...base, apiKey: key }, { BRAZE_INSTANCE: "US-01" })).toThrow(
      /^--api-key must not contain whitespace \(got a 16-character string that does\)$/,
    );
    expect(() => resolveSetOptions(base, { BRAZE_API_KEY: key, BRAZE_INSTANCE: "US-01" })).toThrow(
      /^environment variable BRAZE_API_KEY must not contain whitespace \(got a 16-character/,
    );
    try {
      resolveSetOptions({ ...base, apiKey: key }, { BRAZE_INSTANCE: "US-01" });
    } catch (error) {
      expect(String(error)).not.toContain(key);
    }
  });

  it("reads the client's target variables in its order: BRAZE_REST_ENDPOINT, BRAZE_REST_URL, BRAZE_INSTANCE", () => {
    const env = {
      BRAZE_API_KEY: "k-12345678",
      BRAZE_INSTANCE: "US-01",
      BRAZE_REST_URL: "https://url.example",
      BRAZE_REST_ENDPOINT: "https://endpoint.example/",
    };
    expect(resolveSetOptions(base, env).target).toEqual({ baseUrl: "https://endpoint.example" });
    expect(resolveSetOptions(base, { ...env, BRAZE_REST_ENDPOINT: "" }).target).toEqual({
      baseUrl: "https://url.example",
    });
    expect(
      resolveSetOptions(base, { ...env, BRAZE_REST_ENDPOINT: "", BRAZE_REST_URL: " " }).target,
    ).toEqual({ instance: "US-01" });
    // A flag beats every variable.
    expect(resolveSetOptions({ ...base, instance: "EU-01" }, env).target).toEqual({
      instance: "EU-01",
    });
    expect(() => resolveSetOptions(base, { ...env, BRAZE_REST_ENDPOINT: "ftp://x" })).toThrow(
      /^environment variable BRAZE_REST_ENDPOINT must be an http\(s\) URL/,
    );
  });
});

describe("createRedactor", () => {
  it("masks every occurrence of the key and leaves short strings alone", () => {
    const redact = createRedactor(["key-abcdef-123", "abc"]);
    expect(redact("Bearer key-abcdef-123 and key-abcdef-123")).toBe(
      "Bearer [redacted] and [redacted]",
    );
    expect(redact("abc stays")).toBe("abc stays");
  });
});

describe("--state", () => {
  it("offers the spec's states, read from its metadata (no list of its own)", async () => {
    const { schemaEnums } = await import("@braze-subscriptions/client");
    const { setFlags } = await import("../src/options/set-options.js");
    expect(setFlags.state.choices).toEqual(schemaEnums.SubscriptionState);
  });
});
