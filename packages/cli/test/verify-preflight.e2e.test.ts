import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { operationMetadata } from "@braze-subscriptions/client";
import { type RedisServer, startRedisServer } from "@braze-subscriptions/redis-server";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeEmailCsv } from "./support/inputs.js";
import { type BinResult, runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

// `verify` checks its settings with one read before it reads back in bulk: a wrong key, a key
// without the read permission, a wrong URL, or a Redis namespace another application holds
// are one line, exit 2, no report. Read line by line, they made every line `failed` and the
// verdict "N of N lines are not unsubscribed" (exit 3): an ops person proving opt-outs landed
// read that as opt-outs missing.

const KEY = "verify-preflight-key-5d1e9a";
const NO_READ_KEY = "verify-preflight-noread-7c2f40";
const WRONG_KEY = "verify-preflight-wrong-3b8e11";
const GROUP = "newsletter";
/** A group the fake refuses (400), as Braze refuses one deleted or of another workspace. */
const DELETED_GROUP = "deleted-group";
const ROWS = 250;
const read = operationMetadata.getSubscriptionStatus;
const write = operationMetadata.setSubscriptionStatus;
const PREFIX = "braze-subscriptions:limiter:";

describe("verify: settings that would fail every line", () => {
  let fake: BrazeFake;
  const temp = useTempDir();
  let redis: RedisServer;
  let admin: Redis;
  let input: string;
  let emails: string[];

  beforeAll(async () => {
    fake = await startBrazeFake({
      apiKeys: [KEY, NO_READ_KEY],
      permissions: { [NO_READ_KEY]: [write.requiredPermission] },
      rateLimit: false,
      faults: { unknownGroups: [DELETED_GROUP] },
    });
    redis = await startRedisServer();
    admin = new Redis(`redis://127.0.0.1:${redis.port}`);
    input = temp.path("optouts.csv");
    emails = [...(await writeEmailCsv(input, ROWS)).valid.values()];
  });
  beforeEach(() => {
    fake.reset();
    for (const email of emails) fake.state.set(GROUP, { email }, "unsubscribed");
  });
  afterEach(async () => {
    await admin.flushall();
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis?.stop();
    await fake?.close();
  });

  function verify(key: string, ...extra: string[]): Promise<BinResult> {
    return runBin(
      ["verify", "--group", GROUP, "--state", "unsubscribed", "--base-url", fake.url, ...extra],
      { env: { BRAZE_API_KEY: key } },
    );
  }

  /** One line on stderr, nothing on stdout, exit 2, the key nowhere; returns the line. */
  function oneLine(result: BinResult): string {
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(1);
    for (const key of [KEY, NO_READ_KEY, WRONG_KEY]) expect(result.stderr).not.toContain(key);
    expect(lines[0]).toMatch(/^braze-subscriptions: .*; nothing was read$/);
    return lines[0] as string;
  }

  const reads = () => fake.requests.filter((request) => request.path === read.path);

  it("a refused key: one line naming it, exit 2, one read, no report", async () => {
    const report = temp.path("wrong-key.ndjson");
    const result = await verify(WRONG_KEY, "--input", input, "--report", report);
    expect(oneLine(result)).toMatch(/the API key was refused.*\(HTTP 401: /);
    expect(reads()).toHaveLength(1);
    expect(existsSync(report)).toBe(false);
  });

  it("a key without the read permission: one line naming the permission, exit 2", async () => {
    const result = await verify(NO_READ_KEY, "--input", input);
    expect(oneLine(result)).toContain(`the API key lacks ${read.requiredPermission}`);
    expect(reads()).toHaveLength(1);
  });

  it("a wrong base URL: one line, exit 2", async () => {
    const result = await runBin(
      ["verify", "--group", GROUP, "--state", "unsubscribed", "--input", input],
      { env: { BRAZE_API_KEY: KEY, BRAZE_REST_URL: `${fake.url}/wrong-prefix` } },
    );
    expect(oneLine(result)).toMatch(/the URL was not found.*\(HTTP 404: /);
  });

  it("a --redis-namespace whose read key another application holds: one line, exit 2, no read", async () => {
    const key = `${PREFIX}other-app:${read.rateLimit.bucket}`;
    await admin.set(key, "another app's value");
    const result = await verify(
      KEY,
      "--input",
      input,
      "--redis-url",
      `redis://127.0.0.1:${redis.port}`,
      "--redis-namespace",
      "other-app",
    );
    const line = oneLine(result);
    expect(line).toMatch(
      /^braze-subscriptions: cannot use Redis \(--redis-url or BRAZE_REDIS_URL\): /,
    );
    expect(line).toContain(`the key "${key}" holds a string`);
    expect(fake.requests).toHaveLength(0);
    expect(await admin.get(key)).toBe("another app's value");
  });

  it("--from-report with a refused key: one line, exit 2", async () => {
    const setReport = temp.path("set.ndjson");
    const set = await runBin(
      [
        ...["set", "--group", GROUP, "--state", "unsubscribed", "--input", input],
        ...["--base-url", fake.url, "--report", setReport, "--quiet", "--yes"],
      ],
      { env: { BRAZE_API_KEY: KEY } },
    );
    expect(set.code).toBe(3); // the file's invalid rows
    fake.reset();
    const result = await runBin(["verify", "--from-report", setReport, "--base-url", fake.url], {
      env: { BRAZE_API_KEY: WRONG_KEY },
    });
    expect(oneLine(result)).toMatch(/the API key was refused/);
    expect(reads()).toHaveLength(1);
  });

  it("stdin: the lines read ahead for the check are read back too", async () => {
    const result = await runBin(
      [
        ...["verify", "--group", GROUP, "--state", "unsubscribed", "--input", "-"],
        ...["--base-url", fake.url, "--json"],
      ],
      { env: { BRAZE_API_KEY: KEY }, stdin: await readFile(input, "utf8") },
    );
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ total: ROWS, matches: emails.length, failed: 0 });
    expect(summary.invalid + summary.duplicates).toBe(ROWS - emails.length);
    // The check, then the reads the summary counts.
    expect(reads()).toHaveLength(summary.requests + 1);
  });

  it("a group Braze refuses: one line, exit 2, for a job of one group", async () => {
    const result = await runBin(
      ["verify", "--group", DELETED_GROUP, "--state", "unsubscribed", "--input", input],
      { env: { BRAZE_API_KEY: KEY, BRAZE_REST_URL: fake.url } },
    );
    expect(oneLine(result)).toMatch(/Braze refused the subscription group .*\(HTTP 400: /);
    expect(reads()).toHaveLength(1);
  });

  it("a job of several groups reads the others when the first is refused", async () => {
    // A multi-group set job whose first rows are of the refused group.
    const rows = temp.path("rows.csv");
    const lines = emails
      .slice(0, 60)
      .map((email, i) => `${email},${i < 20 ? DELETED_GROUP : GROUP},unsubscribed`);
    await writeFile(rows, `email,group,state\n${lines.join("\n")}\n`);
    const setReport = temp.path("rows.report.ndjson");
    const set = await runBin(
      [
        ...[
          "set",
          "--input",
          rows,
          "--base-url",
          fake.url,
          "--report",
          setReport,
          "--quiet",
          "--yes",
        ],
      ],
      { env: { BRAZE_API_KEY: KEY } },
    );
    expect(set.code).not.toBe(2);
    const result = await runBin(
      ["verify", "--from-report", setReport, "--base-url", fake.url, "--json"],
      {
        env: { BRAZE_API_KEY: KEY },
      },
    );
    expect(result.code).toBe(3);
    const summary = JSON.parse(result.stdout);
    // The set job sent the good group's rows (the preflight stops only the refused group's),
    // so their report lines may come first: the pairs' order is the report's.
    expect(summary.pairs).toHaveLength(2);
    expect(summary.pairs).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ group: DELETED_GROUP, lines: 20, failed: 20, matches: 0 }),
        expect.objectContaining({ group: GROUP, lines: 40, matches: 40, failed: 0 }),
      ]),
    );
  });

  // The set job's preflight now goes on past a refused group, so its report holds that group's
  // lines (`not_sent`) beside the sent ones; verify reads them back, Braze refuses each read
  // (400), and the verdict said "rerun to verify them": a rerun meets the same refusal.
  it("the lines of a group Braze refuses: the verdict names the refusal's cause, not a rerun", async () => {
    const rows = temp.path("rows-text.csv");
    const lines = emails
      .slice(0, 60)
      .map((email, i) => `${email},${i < 20 ? DELETED_GROUP : GROUP},unsubscribed`);
    await writeFile(rows, `email,group,state\n${lines.join("\n")}\n`);
    const setReport = temp.path("rows-text.report.ndjson");
    const env = { BRAZE_API_KEY: KEY };
    const set = await runBin(
      ["set", "--input", rows, "--base-url", fake.url, "--report", setReport, "--quiet"],
      { env },
    );
    expect(set.code).toBe(4);
    const result = await runBin(
      ["verify", "--from-report", setReport, "--base-url", fake.url, "--quiet"],
      { env },
    );
    expect(result.code).toBe(3);
    const verdict = result.stdout.split("\n")[0];
    expect(verdict).toMatch(
      /^verify: 20 of 60 lines of .* could not be read \(HTTP 400: [^)]*\): Braze refused the subscription group .*; fix it, then rerun$/,
    );
    expect(verdict).not.toContain("rerun to verify them");
  });
});
