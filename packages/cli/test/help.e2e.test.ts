import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { runBin } from "./support/run-bin.js";

const KEY = "help-key-1a2b3c4d5e";

describe("--help of every command: examples, environment, exit codes", () => {
  const commands = ["set", "validate", "mock", "docs", "demo"];

  it.each(commands)("%s --help shows examples and exit codes", async (command) => {
    const { code, stdout } = await runBin([command, "--help"]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\nExamples:\n {2}\S/);
    expect(stdout).toMatch(new RegExp(`braze-subscriptions ${command}\\b`));
    expect(stdout).toMatch(/\nExit codes:\n {2}0 +\S/);
  });

  it("set --help lists every variable it reads and every exit code it can end with", async () => {
    const { stdout } = await runBin(["set", "--help"]);
    const environment = stdout.slice(stdout.indexOf("Environment:"), stdout.indexOf("Exit codes:"));
    for (const name of [
      "BRAZE_API_KEY",
      "BRAZE_REST_ENDPOINT",
      "BRAZE_REST_URL",
      "BRAZE_INSTANCE",
      "BRAZE_REDIS_URL",
      "BRAZE_REDIS_NAMESPACE",
      "BRAZE_LOG",
    ]) {
      expect(environment).toMatch(new RegExp(`^ {2}${name} +\\S`, "m"));
    }
    // Commander's .env() names the variable beside the flag it fills.
    expect(stdout).toMatch(/--api-key <key>[\s\S]*\(env: BRAZE_API_KEY\)/);
    expect(stdout).toMatch(/--redis-url <url>[\s\S]*\(env: BRAZE_REDIS_URL\)/);
    expect(stdout).toMatch(/--redis-namespace <name>[\s\S]*\(env:\s+BRAZE_REDIS_NAMESPACE\)/);
    // A default is shown in the flag's own syntax.
    expect(stdout).toMatch(/--progress-interval <duration>[^(]*\(default: "\d+s"\)/);
    const exitCodes = stdout.slice(stdout.indexOf("Exit codes:"));
    for (const value of Object.values(ExitCode)) {
      expect(exitCodes).toMatch(new RegExp(`^ {2}${value} +\\S`, "m"));
    }
  });

  it("the top-level --help points to the commands' help", async () => {
    const { stdout } = await runBin(["--help"]);
    expect(stdout).toMatch(/braze-subscriptions <command> --help/);
  });
});

describe("set --verbose", () => {
  let fake: BrazeFake;
  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
  });
  afterAll(() => fake?.close());

  const args = (...extra: string[]) => [
    "set",
    "--group",
    "g-verbose",
    "--state",
    "subscribed",
    "--type",
    "external_id",
    "--input",
    "-",
    "--quiet",
    ...extra,
  ];
  const stdin = `${Array.from({ length: 120 }, (_, i) => `user-${i}`).join("\n")}\n`;
  const env = () => ({ BRAZE_API_KEY: KEY, BRAZE_REST_URL: fake.url });

  it("logs each request's operation, status and latency on stderr, never the key", async () => {
    const result = await runBin(args("--verbose", "--json"), { env: env(), stdin });
    expect(result.code).toBe(0);
    // The job's preflight read first, then one line per write.
    const [read, ...lines] = result.stderr.trim().split("\n");
    expect(read).toMatch(/^braze-subscriptions: getSubscriptionStatus 200 \d+ ms \(attempt 1\)$/);
    expect(lines).toHaveLength(JSON.parse(result.stdout).requests);
    for (const line of lines) {
      expect(line).toMatch(/^braze-subscriptions: setSubscriptionStatus 201 \d+ ms \(attempt 1\)$/);
    }
    expect(result.stderr + result.stdout).not.toContain(KEY);
  });

  it("without --verbose (and without BRAZE_LOG) logs nothing; BRAZE_LOG=debug does the same as --verbose", async () => {
    const quiet = await runBin(args(), { env: env(), stdin });
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    const logged = await runBin(args(), { env: { ...env(), BRAZE_LOG: "debug" }, stdin });
    expect(logged.stderr).toMatch(/^braze-subscriptions: setSubscriptionStatus 201 \d+ ms/m);
  });
});
