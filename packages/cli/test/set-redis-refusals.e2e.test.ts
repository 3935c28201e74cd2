import { existsSync } from "node:fs";
import { operationMetadata } from "@braze-subscriptions/client";
import { type RedisServer, startRedisServer } from "@braze-subscriptions/redis-server";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ReportLine, readNdjson, writeEmailCsv } from "./support/inputs.js";
import { type BinResult, runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

// `set --redis-url` on a Redis that answers but refuses for good: another application's value
// at the budget's key (a --redis-namespace that collides), or a user whose ACL refuses the
// scripts (PING passes, EVALSHA does not). Told like a refused password: one line, exit 2,
// nothing sent, at once (before, the job waited out the runtime's 10-minute retry budget).
// Without the preflight, the first write's slot meets it: exit 4, every row in the report.

const KEY = "redis-refusals-key-0a93c5e7";
const PASSWORD = "redis-refusals-pw-61d2b8";
const PREFIX = "braze-subscriptions:limiter:";
const WRITES = operationMetadata.setSubscriptionStatus.rateLimit.bucket;
const ROWS = 300;

describe("set --redis-url: Redis refusing for good", () => {
  let fake: BrazeFake;
  const temp = useTempDir();
  let redis: RedisServer;
  let admin: Redis;

  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
    redis = await startRedisServer({ password: PASSWORD });
    admin = new Redis(`redis://:${PASSWORD}@127.0.0.1:${redis.port}`);
  });
  afterEach(async () => {
    fake.reset();
    await admin.flushall();
  });
  afterAll(async () => {
    admin?.disconnect();
    await redis?.stop();
    await fake?.close();
  });

  const paths = (name: string) => ({
    input: temp.path(`${name}.csv`),
    report: temp.path(`${name}.report.ndjson`),
    checkpoint: temp.path(`${name}.checkpoint`),
  });

  async function set(name: string, user: string, ...extra: string[]): Promise<BinResult> {
    const files = paths(name);
    await writeEmailCsv(files.input, ROWS);
    return runBin(
      [
        ...["set", "--group", `group-${name}`, "--state", "unsubscribed", "--input", files.input],
        ...[
          "--base-url",
          fake.url,
          "--redis-url",
          `redis://${user}:${PASSWORD}@127.0.0.1:${redis.port}`,
        ],
        ...["--report", files.report, "--checkpoint", files.checkpoint, "--json", ...extra],
      ],
      { env: { BRAZE_API_KEY: KEY } },
    );
  }

  function expectNoSecret(result: BinResult) {
    for (const text of [result.stdout, result.stderr]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(KEY);
    }
  }

  function expectOneLineUsageError(result: BinResult, name: string) {
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    const lines = result.stderr.split("\n").filter((line) => line !== "");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^braze-subscriptions: cannot use Redis \(--redis-url or BRAZE_REDIS_URL\): /,
    );
    expect(lines[0]).toMatch(/nothing was sent to Braze$/);
    expect(result.stderr).not.toMatch(/waiting for Redis|no answer within/);
    expectNoSecret(result);
    expect(fake.requests).toHaveLength(0);
    expect(existsSync(paths(name).checkpoint)).toBe(false);
    return lines[0] as string;
  }

  it("a --redis-namespace whose key another application holds: one line naming the key and the fix, exit 2, nothing sent", async () => {
    await admin.set(`${PREFIX}other-app:${WRITES}`, "another app's value");
    const result = await set("foreign", "", "--redis-namespace", "other-app");
    const line = expectOneLineUsageError(result, "foreign");
    expect(line).toContain(
      `the key "${PREFIX}other-app:${WRITES}" holds a string where this store keeps a hash`,
    );
    expect(line).toMatch(/another application probably uses this namespace/);
    expect(line).toMatch(/--redis-namespace/);
    // The other application's value is left alone.
    expect(await admin.get(`${PREFIX}other-app:${WRITES}`)).toBe("another app's value");
  });

  it("a Redis user that may not run scripts: one line saying what to grant, exit 2, nothing sent", async () => {
    await admin.acl(
      "SETUSER",
      "noscripts",
      "on",
      `>${PASSWORD}`,
      "~*",
      "+@all",
      "-evalsha",
      "-eval",
    );
    const result = await set("noperm", "noscripts");
    const line = expectOneLineUsageError(result, "noperm");
    expect(line).toMatch(/NOPERM .*'evalsha'/);
    expect(line).toContain(`ACL SETUSER <user> +evalsha +eval`);
  });

  it("--no-preflight: the first write's slot is refused, exit 4, every row in the report, none sent", async () => {
    await admin.set(`${PREFIX}other-app:${WRITES}`, "another app's value");
    const result = await set("unchecked", "", "--redis-namespace", "other-app", "--no-preflight");
    expect(result.code).toBe(4);
    expectNoSecret(result);
    expect(result.stderr).not.toMatch(/waiting for Redis|no answer within/);
    const expected = await writeEmailCsv(paths("unchecked").input, ROWS);
    const report = await readNdjson<ReportLine>(paths("unchecked").report);
    expect(report).toHaveLength(ROWS);
    expect(new Set(report.map((line) => line.line)).size).toBe(ROWS);
    const notSent = report.filter((line) => line.outcome === "not_sent");
    expect(notSent).toHaveLength(expected.valid.size);
    for (const line of notSent) {
      expect(line).toMatchObject({
        reason: "systematic_failure",
        error: { code: "rate_limiter_unavailable" },
      });
      expect(line.error?.message).toContain(`"${PREFIX}other-app:${WRITES}" holds a string`);
    }
    expect(JSON.parse(result.stdout)).toMatchObject({
      total: ROWS,
      succeeded: 0,
      failed: 0,
      notSent: expected.valid.size,
      stopped: { reason: "systematic_failure", code: "rate_limiter_unavailable" },
    });
    expect(fake.requests).toHaveLength(0);
  });
});
