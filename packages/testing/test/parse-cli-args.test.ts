import { describe, expect, it } from "vitest";
import { parseCliArgs } from "../src/cli/parse-cli-args.js";
import { CliUsageError } from "../src/index.js";

describe("parseCliArgs", () => {
  it.each([
    ["no flags", [], { help: false, options: {}, log: false }],
    ["--help", ["--help"], { help: true }],
    [
      "the issue's example",
      [
        "--port",
        "0",
        "--rate-limit",
        "5000/1m",
        "--window",
        "sliding",
        "--faults",
        "500=0.05,reset=0.02",
        "--seed",
        "1",
      ],
      {
        help: false,
        options: {
          port: 0,
          rateLimit: { limit: 5000, intervalMs: 60_000, window: "sliding" },
          faults: { rates: { 500: 0.05, reset: 0.02 }, seed: 1 },
        },
        log: false,
      },
    ],
    [
      "a bucket's own rate limit and writes applied late",
      ["--rate-limit", "100/1s", "--rate-limit", "rest-default-pool=10/1s", "--apply-delay", "2s"],
      {
        help: false,
        options: {
          applyDelayMs: 2000,
          rateLimit: {
            limit: 100,
            intervalMs: 1000,
            buckets: { "rest-default-pool": { limit: 10, intervalMs: 1000 } },
          },
        },
        log: false,
      },
    ],
    [
      "rate limit off and a log",
      ["--rate-limit", "off", "--log"],
      { help: false, options: { rateLimit: false }, log: true },
    ],
    [
      "storms, delays, keys",
      [
        "--storm",
        "10s+2s/1m",
        "--storm",
        "0+500ms",
        "--timeout-delay",
        "5s",
        "--latency",
        "3",
        "--api-key",
        "a",
        "--api-key",
        "b",
      ],
      {
        help: false,
        options: {
          apiKeys: ["a", "b"],
          latencyMs: 3,
          faults: {
            timeoutDelayMs: 5000,
            storms: [
              { startMs: 10_000, durationMs: 2000, everyMs: 60_000 },
              { startMs: 0, durationMs: 500 },
            ],
          },
        },
        log: false,
      },
    ],
  ])("%s", (_, argv, want) => {
    expect(parseCliArgs(argv)).toEqual(want);
  });

  it.each([
    [["--rate-limit", "5000"], /--rate-limit: expected <requests>\/<duration>/],
    [["--rate-limit", "5000/1y"], /--rate-limit: expected a duration/],
    [["--window", "rolling"], /--window: expected fixed or sliding/],
    [["--faults", "418=0.1"], /--faults: expected <kind>=<fraction>/],
    [["--storm", "10s"], /--storm: expected <start>\+<duration>/],
    [["--port", "eighty"], /--port: expected an integer/],
    [["--bogus"], /Unknown option '--bogus'/],
  ])("refuses %j with a CliUsageError", (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(CliUsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });
});
