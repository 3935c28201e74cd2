import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { freePort, type RedisServer, startRedisServer } from "@braze-subscriptions/redis-server";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ReportLine, readNdjson, writeEmailCsv } from "./support/inputs.js";
import { type BinResult, runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";
import { until } from "./support/until.js";

// `set --redis-url` when Redis is unreachable, refuses the password, or dies mid-run, and real
// SIGINT/SIGTERM sent to the built bin while it waits on Redis: a one-line error before
// anything is sent, a "waiting for Redis" line, a prompt stop with a complete report and a
// consistent checkpoint, and a rerun that ends with every valid address set.

const KEY = "redis-signals-key-5c81e0d2";
const PASSWORD = "redis-pw-77f1c0";
const ROWS = 3000;
/** Generous for a loaded 2-core machine, and still "within a few seconds" of the signal. */
const STOP_WITHIN_MS = 5000;

describe("set --redis-url: Redis failures and signals", () => {
  let fake: BrazeFake;
  const temp = useTempDir();
  const servers: RedisServer[] = [];

  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
  });
  afterEach(async () => {
    fake.reset();
    for (const server of servers.splice(0)) await server.stop();
  });
  afterAll(async () => {
    await fake?.close();
  });

  async function redis(options: { password?: string } = {}): Promise<RedisServer> {
    const server = await startRedisServer(options);
    servers.push(server);
    return server;
  }

  const paths = (name: string) => ({
    input: temp.path(`${name}.csv`),
    report: temp.path(`${name}.report.ndjson`),
    checkpoint: temp.path(`${name}.checkpoint`),
  });

  const args = (name: string, redisUrl: string, baseUrl = fake.url, ...extra: string[]) => [
    "set",
    "--group",
    `group-${name}`,
    "--state",
    "unsubscribed",
    "--input",
    paths(name).input,
    "--base-url",
    baseUrl,
    "--redis-url",
    redisUrl,
    // 60 requests at 20 per second: still busy when Redis is killed after a few.
    "--rate-limit",
    "20/1s",
    "--concurrency",
    "4",
    "--progress-interval",
    "400",
    "--report",
    paths(name).report,
    "--checkpoint",
    paths(name).checkpoint,
    "--json",
    ...extra,
  ];

  /** Runs the bin, exposing its stderr as it comes. */
  function start(argv: string[]) {
    let child: ChildProcess | undefined;
    let stderr = "";
    const done = runBin(argv, {
      env: { BRAZE_API_KEY: KEY },
      onSpawn: (c) => {
        child = c;
        c.stderr?.on("data", (chunk: string) => {
          stderr += chunk;
        });
      },
    });
    return { child: child as unknown as ChildProcess, done, stderr: () => stderr };
  }

  /** Line numbers the checkpoint says succeeded. */
  async function checkpointedLines(name: string): Promise<Set<number>> {
    const [, ...entries] = await readNdjson<{ succeeded: [number, number][] }>(
      paths(name).checkpoint,
    );
    const lines = new Set<number>();
    for (const entry of entries) {
      for (const [from, to] of entry.succeeded) for (let l = from; l <= to; l++) lines.add(l);
    }
    return lines;
  }

  /** Every row once at most, and only successes in the checkpoint. */
  async function expectConsistent(name: string, rows: number, braze = fake) {
    const report = await readNdjson<ReportLine>(paths(name).report);
    expect(report).toHaveLength(rows);
    expect(new Set(report.map((line) => line.line)).size).toBe(rows);
    const succeeded = new Set(
      report.filter((line) => line.outcome === "succeeded").map((line) => line.line),
    );
    for (const line of await checkpointedLines(name)) expect(succeeded.has(line)).toBe(true);
    // Nothing reported succeeded that Braze does not have.
    const applied = new Set(braze.state.list(`group-${name}`).map((record) => record.id));
    for (const line of report.filter((l) => l.outcome === "succeeded")) {
      expect(applied.has(line.id as string)).toBe(true);
    }
    return report;
  }

  /** Reruns with Redis up: every row reported once, every valid address set, none resent. */
  async function expectRerunCompletes(
    name: string,
    redisUrl: string,
    expected: Awaited<ReturnType<typeof writeEmailCsv>>,
    braze = fake,
    ...extra: string[]
  ) {
    const checkpointed = await checkpointedLines(name);
    const rerun = await runBin(args(name, redisUrl, braze.url, ...extra), {
      env: { BRAZE_API_KEY: KEY },
    });
    expect(rerun.stderr).not.toMatch(/unexpected/);
    expect(rerun.code).toBe(3); // the input has invalid rows
    expect(JSON.parse(rerun.stdout)).toMatchObject({
      total: ROWS,
      succeeded: expected.valid.size,
      failed: 0,
    });
    const report = await readNdjson<ReportLine>(paths(name).report);
    expect(report).toHaveLength(ROWS);
    expect(new Set(report.map((line) => line.line)).size).toBe(ROWS);
    expect(report.filter((line) => line.resumed).length).toBe(checkpointed.size);
    expect(new Set(braze.state.list(`group-${name}`).map((record) => record.id))).toEqual(
      new Set(expected.valid.values()),
    );
  }

  function expectOneLineUsageError(result: BinResult) {
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^braze-subscriptions: cannot use Redis \(--redis-url/);
    expect(lines[0]).toMatch(/nothing was sent to Braze$/);
    expect(result.stderr).not.toContain(KEY);
    expect(result.stderr).not.toContain(PASSWORD);
    expect(fake.requests).toHaveLength(0);
  }

  it("an unreachable Redis (a closed port) is a one-line error, exit 2, before any request", async () => {
    await writeEmailCsv(paths("closed").input, 100);
    const port = await freePort();
    const result = await runBin(args("closed", `redis://127.0.0.1:${port}`), {
      env: { BRAZE_API_KEY: KEY },
    });
    expectOneLineUsageError(result);
    expect(result.stderr).toMatch(new RegExp(`redis://127\\.0\\.0\\.1:${port}: .*ECONNREFUSED`));
    expect(existsSync(paths("closed").checkpoint)).toBe(false);
  });

  it.each([
    ["a wrong password", `:wrong-${PASSWORD}@`, /WRONGPASS/],
    ["no password", "", /NOAUTH/],
  ])("%s is a one-line error at once, exit 2, before any request", async (_name, auth, why) => {
    const server = await redis({ password: PASSWORD });
    await writeEmailCsv(paths("auth").input, 100);
    const result = await runBin(args("auth", `redis://${auth}127.0.0.1:${server.port}`), {
      env: { BRAZE_API_KEY: KEY },
    });
    expectOneLineUsageError(result);
    expect(result.stderr).toMatch(/Redis refused the credentials/);
    expect(result.stderr).toMatch(why);
    // Refused, not timed out: the answer came at once.
    expect(result.stderr).not.toMatch(/no answer within/);
  });

  it("Redis killed mid-run: says it is waiting and for how long, then resumes when Redis is back", async () => {
    const server = await redis({ password: PASSWORD });
    const url = `redis://:${PASSWORD}@127.0.0.1:${server.port}`;
    const expected = await writeEmailCsv(paths("outage").input, ROWS);
    const run = start(args("outage", url));
    await until("a few requests", () => fake.requests.length >= 5);
    await server.kill();
    const waiting = () => run.stderr().match(/waiting for Redis for [\d.]+m?s: .*\n/g) ?? [];
    await until("two waiting lines", () => waiting().length >= 2);
    const sentWhileDown = fake.requests.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    await server.restart();
    const result = await run.done;

    expect(result.code).toBe(3); // the input has invalid rows
    // Requests sent with a slot granted before the kill may land after it; no new ones.
    expect(fake.requests.length).toBeGreaterThan(sentWhileDown);
    const lines = waiting();
    expect(lines[0]).toMatch(
      new RegExp(`Redis limiter store at redis://127\\.0\\.0\\.1:${server.port}: `),
    );
    expect(result.stderr).toMatch(/Redis answers again after [\d.]+m?s; resuming/);
    expect(result.stderr).not.toContain(PASSWORD);
    expect(JSON.parse(result.stdout)).toMatchObject({
      total: ROWS,
      succeeded: expected.valid.size,
      failed: 0,
    });
    expect(new Set(fake.state.list("group-outage").map((record) => record.id))).toEqual(
      new Set(expected.valid.values()),
    );
  });

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "%s while waiting on a dead Redis ends the job within seconds (exit %i); the rerun resumes",
    async (signal, code) => {
      const name = `stop-${signal.toLowerCase()}`;
      const server = await redis();
      const expected = await writeEmailCsv(paths(name).input, ROWS);
      const run = start(args(name, server.url));
      await until("a few requests", () => fake.requests.length >= 5);
      await server.kill();
      await until("the waiting line", () => /waiting for Redis for/.test(run.stderr()));
      const requestsBefore = fake.requests.length;
      const signalled = Date.now();
      run.child.kill(signal);
      const result = await run.done;
      const stoppedIn = Date.now() - signalled;

      expect(result.code).toBe(code);
      expect(stoppedIn).toBeLessThan(STOP_WITHIN_MS);
      expect(result.stderr).toMatch(new RegExp(`${signal}: stopping`));
      expect(fake.requests.length).toBe(requestsBefore);
      const summary = JSON.parse(result.stdout);
      expect(summary.total).toBeGreaterThan(0);
      expect(summary.total).toBeLessThan(ROWS);
      const report = await expectConsistent(name, summary.total);
      // Rows read but never sent are reported `not_sent` (nothing reached Braze; not
      // `failed`, which a script would take for refusals), not checkpointed.
      const aborted = report.filter((line) => line.error?.code === "aborted");
      expect(aborted.length).toBeGreaterThan(0);
      for (const line of aborted)
        expect(line).toMatchObject({ outcome: "not_sent", reason: "stopped" });
      expect(summary).toMatchObject({ failed: 0, notSent: aborted.length });
      const checkpointed = await checkpointedLines(name);
      for (const line of aborted) expect(checkpointed.has(line.line)).toBe(false);

      await server.restart();
      await expectRerunCompletes(name, server.url, expected);
    },
  );

  it("a second signal quits at once and still leaves a report of every row decided so far", async () => {
    // Braze answering slowly: the first signal waits for answers on the wire, so there is
    // time for a second one.
    const slow = await startBrazeFake({ apiKeys: [KEY], rateLimit: false, latencyMs: 5000 });
    try {
      const name = "double";
      const server = await redis();
      const expected = await writeEmailCsv(paths(name).input, ROWS);
      // A budget that never holds a request back: they wait on the wire, not in the limiter.
      const run = start(args(name, server.url, slow.url, "--rate-limit", "1000/1s"));
      await until("a first wave of answers", () => slow.requests.length >= 4);
      await until("rows decided", () => /progress: [1-9]/.test(run.stderr()));
      // A request that arrives now stays on the wire for the fake's 5 s: the first signal
      // has an answer to wait for, and the second one comes while it waits.
      const sent = slow.requests.length;
      await until("a request on the wire", () => slow.requests.length > sent);
      run.child.kill("SIGINT");
      await until("the stop line", () => /SIGINT: stopping/.test(run.stderr()));
      const again = Date.now();
      run.child.kill("SIGINT");
      const result = await run.done;
      expect(result.code).toBe(130);
      // At once: well before the 5 s answers the first signal was waiting for.
      expect(Date.now() - again).toBeLessThan(2500);
      const decided =
        /SIGINT again: quitting at once; the report holds the (\d+) rows decided so far/.exec(
          result.stderr,
        );
      expect(decided, result.stderr).not.toBeNull();
      const rows = Number(decided?.[1]);
      expect(rows).toBeGreaterThanOrEqual(50);
      // Whole lines only: every one parses, every row once.
      const text = await readFile(paths(name).report, "utf8");
      expect(text.endsWith("\n")).toBe(true);
      await expectConsistent(name, rows, slow);

      await expectRerunCompletes(
        name,
        server.url,
        expected,
        slow,
        "--concurrency",
        "40",
        "--rate-limit",
        "100/1s",
      );
    } finally {
      await slow.close();
    }
  });
});
