import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { type BrazeFakeOptions, parseFakeArgs } from "@braze-subscriptions/testing";
import { describe, expect, it } from "vitest";
import { type BinResult, runBin } from "./support/run-bin.js";

// `braze-fake` and `braze-subscriptions mock` take the same flags with the same meaning and
// the same errors: ONE table, run through the fake's parser and through both built bins.
const FAKE_BIN = join(
  dirname(createRequire(import.meta.url).resolve("@braze-subscriptions/testing/package.json")),
  "dist/cli.js",
);

type Case = [name: string, argv: string[], want: BrazeFakeOptions | RegExp, log?: boolean];

const table: Case[] = [
  ["no flags", [], {}],
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
      port: 0,
      rateLimit: { limit: 5000, intervalMs: 60_000, window: "sliding" },
      faults: { rates: { 500: 0.05, reset: 0.02 }, seed: 1 },
    },
  ],
  // Refused by braze-fake before the two parsers became one.
  [
    "a bare unit as interval",
    ["--rate-limit", "100/s"],
    { rateLimit: { limit: 100, intervalMs: 1000 } },
  ],
  [
    "a bucket's own rate limit and writes applied late",
    ["--rate-limit", "100/1s", "--rate-limit", "rest-default-pool=10/1s", "--apply-delay", "2s"],
    {
      applyDelayMs: 2000,
      rateLimit: {
        limit: 100,
        intervalMs: 1000,
        buckets: { "rest-default-pool": { limit: 10, intervalMs: 1000 } },
      },
    },
  ],
  ["rate limit off and a log", ["--rate-limit", "off", "--log"], { rateLimit: false }, true],
  [
    "storms, delays (a bare number is ms), keys",
    [
      "--storm",
      "10s+2s/1m",
      // The whole probe in a storm for both bins: one ending 500 ms after the start met one
      // bin's probe and not the other's when a loaded machine started them unevenly.
      "--storm",
      "0+10m",
      "--timeout-delay",
      "5s",
      "--latency",
      "3",
      "--api-key",
      "key-a",
      "--api-key",
      "key-b",
    ],
    {
      apiKeys: ["key-a", "key-b"],
      latencyMs: 3,
      faults: {
        timeoutDelayMs: 5000,
        storms: [
          { startMs: 10_000, durationMs: 2000, everyMs: 60_000 },
          { startMs: 0, durationMs: 600_000 },
        ],
      },
    },
  ],
  ["an interface", ["--host", "127.0.0.1"], { host: "127.0.0.1" }],
  [
    "a foreign consumer's share (issue 21)",
    ["--rate-limit", "3/1m", "--foreign-share", "0.4"],
    { rateLimit: { limit: 3, intervalMs: 60_000, foreignShare: 0.4 } },
  ],
  [
    "a rate limit without an interval",
    ["--rate-limit", "5000"],
    /^--rate-limit expects <requests>\/<interval> such as/,
  ],
  ["an unknown unit", ["--rate-limit", "5000/1y"], /^--rate-limit expects <requests>\/<interval>/],
  [
    "an interval no timer can hold",
    ["--rate-limit", "5/2147483648ms"],
    /^--rate-limit expects .*at most 2147483647 ms/,
  ],
  ["a bad window", ["--window", "rolling"], /^--window must be fixed or sliding, got "rolling"$/],
  [
    "a share of 1",
    ["--foreign-share", "1"],
    /^--foreign-share must be a fraction from 0 to below 1, e\.g\. 0\.4, got "1"$/,
  ],
  [
    "a window with no rate limit",
    ["--rate-limit", "off", "--window", "sliding"],
    /^--rate-limit off leaves no budget/,
  ],
  ["an unknown fault", ["--faults", "418=0.1"], /^--faults expects <kind>=<fraction 0\.\.1> pairs/],
  ["a fault rate over 1", ["--faults", "500=2"], /^--faults expects/],
  ["a storm without a duration", ["--storm", "10s"], /^--storm expects <start>\+<duration>/],
  [
    "a port that is no number",
    ["--port", "eighty"],
    /^--port must be an integer from 0 to 65535, got "eighty"$/,
  ],
  [
    "a latency no timer can hold",
    ["--latency", "2147483648"],
    /^--latency must be a duration such as 500ms, 30s or 1m .*at most 2147483647 ms/,
  ],
  [
    "a timeout delay no timer can hold",
    ["--timeout-delay", "600h"],
    /^--timeout-delay must be a duration/,
  ],
  // Every time flag refuses a value that starts with "-" as `set --timeout -1s` does (node's
  // parseArgs called it "ambiguous" and named no rule), and so does a value flag given a flag.
  ...(["--latency", "--apply-delay", "--timeout-delay"] as const).map(
    (flag): Case => [
      `a negative ${flag}`,
      [flag, "-1s"],
      new RegExp(`^${flag} must be a duration such as 500ms, 30s or 1m .* got "-1s"$`),
    ],
  ),
  ["a negative storm start", ["--storm", "-1s+2s"], /^--storm must be a duration .* got "-1s"$/],
  [
    "a flag as a port",
    ["--port", "--log"],
    /^--port must be an integer from 0 to 65535, got "--log"$/,
  ],
  // Named as flags, as set words them (they were startBrazeFake's options "host" and
  // "apiKeys[0]", and mock added "cannot start the fake:" in front).
  ["an empty host", ["--host", ""], /^--host must not be empty$/],
  ["an empty API key", ["--api-key", ""], /^--api-key must not be empty$/],
  [
    "an API key with a space (never echoed)",
    ["--api-key", "a b"],
    /^--api-key must not contain whitespace \(got a 3-character string that does\)$/,
  ],
  // As commander words it for `set --timeout` with nothing after it.
  ["a latency without its value", ["--latency"], /^option '--latency <dur>' argument missing$/],
  ["a seed that is no integer", ["--seed", "1.5"], /^--seed must be an integer, got "1\.5"$/],
  ["an unknown flag", ["--bogus"], /^Unknown option '--bogus'/],
  ["a stray argument", ["stray"], /^Unexpected argument 'stray'/],
];

describe("the fake's flags: one table, one parser, two bins", () => {
  it.each(table)("parseFakeArgs: %s", (_name, argv, want, log = false) => {
    if (want instanceof RegExp) expect(() => parseFakeArgs(argv)).toThrow(want);
    else expect(parseFakeArgs(argv)).toEqual({ help: false, options: want, log });
  });

  it.each(table.filter(([, , want]) => want instanceof RegExp))(
    "both bins refuse %s with the same message and exit 2",
    async (_name, argv, want) => {
      const [fake, mock] = await Promise.all([runFake(argv), runBin(["mock", ...argv])]);
      expect([fake.code, mock.code]).toEqual([2, 2]);
      const reason = (result: BinResult) => firstLine(result.stderr).replace(/^[\w-]+: /, "");
      expect(reason(fake)).toMatch(want as RegExp);
      // The CLI adds nothing but its name in front.
      expect(reason(mock)).toBe(reason(fake));
    },
  );

  it.each(table.filter(([, , want]) => !(want instanceof RegExp)))(
    "both bins serve %s alike",
    async (_name, argv) => {
      const [fake, mock] = await Promise.all([
        startServing(FAKE_BIN, argv),
        startServing(BIN_CLI, ["mock", ...argv]),
      ]);
      try {
        const key = argv.includes("--api-key") ? "key-b" : "any-key";
        // Same requests, same answers: statuses (faults drawn from the same seed, the rate
        // limit, the keys) and the limit each answer states.
        const [a, b] = await Promise.all([probe(fake.url, key), probe(mock.url, key)]);
        expect(b).toEqual(a);
      } finally {
        fake.stop();
        mock.stop();
      }
      expect([await fake.exited, await mock.exited]).toEqual([0, 0]);
    },
  );
});

describe("the fake's flags: what the fake refuses as it starts, both bins alike", () => {
  it("--help: both bins list the same flags", async () => {
    const [fake, mock] = await Promise.all([runFake(["--help"]), runBin(["mock", "--help"])]);
    expect([fake.code, mock.code]).toEqual([0, 0]);
    const flags = (text: string) => text.match(/^ {2}--[\w-]+/gm);
    expect(flags(fake.stdout)?.length).toBe(14);
    expect(flags(mock.stdout)).toEqual(flags(fake.stdout));
  });

  // braze-fake exited 1 on a busy port where mock exited 2, each worded its own way.
  it.each([
    [
      "a bucket the spec does not have",
      ["--rate-limit", "nosuch=1/s"],
      /^cannot start the fake: startBrazeFake: option "rateLimit\.buckets" must be keys among the spec's buckets .*got "nosuch"$/,
    ],
    [
      "a port in use",
      ["--port", "(busy)"],
      /^cannot start the fake: cannot listen on 127\.0\.0\.1:\d+: .*EADDRINUSE.*; another process holds that port; give another --port, or --port 0 for a free one$/,
    ],
  ])("%s: exit 2 and the same message from both bins", async (_name, argv, want) => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, "127.0.0.1", resolve));
    const port = String((holder.address() as AddressInfo).port);
    const args = argv.map((arg) => (arg === "(busy)" ? port : arg));
    try {
      const [fake, mock] = await Promise.all([runFake(args), runBin(["mock", ...args])]);
      expect([fake.code, mock.code], `${fake.stderr}\n${mock.stderr}`).toEqual([2, 2]);
      const reason = (result: BinResult) => firstLine(result.stderr).replace(/^[\w-]+: /, "");
      expect(reason(fake)).toMatch(want);
      expect(reason(mock)).toBe(reason(fake));
    } finally {
      holder.close();
    }
  });
});

const BIN_CLI = join(dirname(new URL(import.meta.url).pathname), "../dist/bin.js");

function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}

function runFake(argv: string[]): Promise<BinResult> {
  const child = spawn(process.execPath, [FAKE_BIN, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Starts a bin that prints its URL first and serves until SIGTERM. */
async function startServing(bin: string, argv: string[]) {
  const child = spawn(process.execPath, [bin, ...argv], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      if (out.includes("\n")) resolve(firstLine(out));
    });
    exited.then((code) => reject(new Error(`${bin} exited ${code}: ${stderr}`)));
  });
  return { url, exited, stop: () => child.kill("SIGTERM") };
}

/** Five writes in a row: each answer's status and stated limit. */
async function probe(url: string, key: string) {
  const answers: Array<[number, string | null]> = [];
  for (let i = 0; i < 5; i++) {
    const response = await fetch(`${url}/subscription/status/set`, {
      method: "POST",
      headers: { Authorization: `Bearer ${key}`, "Content-Type": "application/json" },
      body: JSON.stringify({
        subscription_group_id: "g",
        subscription_state: "subscribed",
        external_id: [`user-${i}`],
      }),
    }).catch(() => undefined);
    // A `reset` fault closes the connection without an answer: 0.
    answers.push([response?.status ?? 0, response?.headers.get("x-ratelimit-limit") ?? null]);
    await response?.body?.cancel();
  }
  return answers;
}
