import { describe, expect, it } from "vitest";
import {
  durationFlag,
  type Field,
  field,
  integerFlag,
  optionChecker,
  parseDuration,
  rateLimitFlag,
  Secret,
} from "../src/index.js";

describe("optionChecker", () => {
  const check = optionChecker("createBrazeRuntime");
  /** One field's check of one value. */
  const one = <T>(f: Field<T>, value: unknown, name: string) => f(value, name, check);
  it.each([
    [
      "an integer",
      () => one(field.integer({ min: 1, default: 64 }), "x", "concurrency"),
      /^createBrazeRuntime: option "concurrency" must be an integer ≥ 1, got "x"$/,
    ],
    [
      "a bounded integer",
      () => one(field.integer({ min: 0, max: 65535, default: 0 }), 70_000, "port"),
      /must be an integer from 0 to 65535, got number 70000$/,
    ],
    [
      "a duration a timer cannot hold",
      () => one(field.duration({ min: 1, default: 1 }), 2 ** 31, "timeoutMs"),
      /must be a number of milliseconds from 1 to 2147483647 \(the longest a timer can wait, about 24.8 days\), got number 2147483648$/,
    ],
    [
      "whole milliseconds",
      () => one(field.duration({ min: 1, integer: true, default: 1 }), 1.5, "timeoutMs"),
      /must be an integer number of milliseconds from 1/,
    ],
    [
      "a bounded number",
      () =>
        one(
          field.number({ above: 0, max: 1, text: "above 0 and at most 1", default: 1 }),
          0,
          "share",
        ),
      /must be above 0 and at most 1, got number 0$/,
    ],
    [
      "one of",
      () => one(field.oneOf(["fixed", "sliding"], "fixed"), "rolling", "window"),
      /must be "fixed" or "sliding", got "rolling"$/,
    ],
    ["a function", () => one(field.fn(), "yes", "onRetry"), /must be a function, got "yes"$/],
    [
      "an object",
      () => check.object([] as never, "retry"),
      /option "retry" must be an object, got an array of 0$/,
    ],
    [
      "an object, stating what it holds",
      () => check.object(7 as never, "faults", "an object { seed?, rates? }"),
      /option "faults" must be an object \{ seed\?, rates\? \}, got number 7$/,
    ],
    [
      "an object without the methods",
      () =>
        check.methods({ debug() {} }, "logger", ["debug", "warn"], "have debug and warn methods"),
      /option "logger" must have debug and warn methods, got an object$/,
    ],
    [
      "null for an object with methods",
      () => check.methods(null, "logger", ["debug"], "have debug"),
      /got null$/,
    ],
    [
      "an unbounded integer",
      () => one(field.integer({ min: Number.MIN_SAFE_INTEGER, default: 1 }), 1.5, "faults.seed"),
      /option "faults.seed" must be an integer, got number 1.5$/,
    ],
    [
      "the options",
      () => check.options(null as never),
      /^createBrazeRuntime: options must be an object, got null$/,
    ],
    [
      "a typo",
      () => check.options({ timout: 1 }, ["timeout"]),
      /unknown option "timout"; expected one of timeout$/,
    ],
    [
      "a name in another letter case, with the known one",
      () => check.options({ baseURL: "http://127.0.0.1:1" }, ["apiKey", "baseUrl"]),
      /unknown option "baseURL" \(did you mean "baseUrl"\?\); expected one of apiKey, baseUrl$/,
    ],
    [
      "a typo inside a nested options object",
      () =>
        one(
          field.object({ maxAttempts: field.integer({ min: 1, default: 8 }) }),
          { maxAttempt: 1 },
          "retry",
        ),
      /unknown option "retry.maxAttempt"; expected one of maxAttempts$/,
    ],
    [
      "a secret",
      () => check.fail("apiKeys[0]", "a non-empty string", new Secret("a b")),
      /got a 3-character string$/,
    ],
  ])("refuses %s with a TypeError naming option, rule and value", (_name, run, message) => {
    expect(run).toThrow(TypeError);
    expect(run).toThrow(message);
  });

  it("returns the fallback for undefined and the value otherwise", () => {
    expect(one(field.integer({ min: 1, default: 64 }), undefined, "concurrency")).toBe(64);
    expect(one(field.duration({ min: 0, default: 5 }), 0, "coalesceDelayMs")).toBe(0);
    expect(one(field.text("default"), undefined, "namespace")).toBe("default");
    const logger = { debug() {} };
    expect(check.methods(logger, "logger", ["debug"], "have debug")).toBe(logger);
  });

  it("cuts long strings it repeats", () => {
    expect(() => one(field.text(""), " ".repeat(200), "namespace")).toThrow(/got " {80}…"$/);
  });
});

describe("check.fields: one line per option", () => {
  const check = optionChecker("createBrazeRuntime");
  const spec = {
    timeoutMs: field.duration({ min: 1, default: 30_000 }),
    concurrency: field.integer({ min: 1, default: 64 }),
    maxBodyBytes: field.integer({ min: 1, default: undefined }),
    random: field.fn<() => number>(),
  };

  it("gives each option's value, the default for unset ones", () => {
    const random = () => 0.5;
    const resolved = check.fields({ concurrency: 8, random }, spec);
    expect(resolved).toEqual({
      timeoutMs: 30_000,
      concurrency: 8,
      maxBodyBytes: undefined,
      random,
    });
  });

  it("refuses a bad value with the option's full name", () => {
    expect(() => check.fields({ concurrency: "x" }, spec)).toThrow(
      /^createBrazeRuntime: option "concurrency" must be an integer ≥ 1, got "x"$/,
    );
    expect(() => check.fields({ timeoutMs: -1 }, spec, "retry.")).toThrow(
      /^createBrazeRuntime: option "retry.timeoutMs" must be a number of milliseconds from 1 /,
    );
  });
});

describe("the one duration syntax of every bin", () => {
  it.each([
    ["500ms", 500],
    ["30s", 30_000],
    ["1m", 60_000],
    ["1.5h", 5_400_000],
    ["s", 1000],
    ["250", 250],
    [" 2S ", 2000],
    ["2147483647", 2 ** 31 - 1],
  ])("%j is %d ms", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["", "soon", "1y", "-1s", "2147483648", "600h"])("%j is no duration", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it("flags name themselves, the syntax and the bounds", () => {
    expect(() => durationFlag("0", "--timeout", 1)).toThrow(
      '--timeout must be a duration such as 500ms, 30s or 1m (a bare number is milliseconds), from 1 ms to at most 2147483647 ms (about 24.8 days), got "0"',
    );
    expect(rateLimitFlag("100/s")).toEqual({ limit: 100, intervalMs: 1000 });
    expect(() => rateLimitFlag("100/0s")).toThrow(/--rate-limit expects <requests>\/<interval>/);
    expect(() => integerFlag("7.5", "--seed")).toThrow('--seed must be an integer, got "7.5"');
  });
});
