import { writeFile } from "node:fs/promises";
import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

const KEY = "skip-key-0a1b2c3d4e";
/** A key that may write but not read. */
const WRITE_ONLY_KEY = "skip-write-only-key-5f6a7b";
const write = operationMetadata.setSubscriptionStatus;
const read = operationMetadata.getSubscriptionStatus;

describe("set --skip-unchanged", () => {
  let fake: BrazeFake;
  const temp = useTempDir();
  const env = () => ({ BRAZE_API_KEY: KEY, BRAZE_REST_URL: fake.url });

  beforeAll(async () => {
    fake = await startBrazeFake({
      apiKeys: [KEY, WRITE_ONLY_KEY],
      permissions: { [WRITE_ONLY_KEY]: [write.requiredPermission] },
      rateLimit: false,
      maxLogEntries: 100_000,
    });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("sends only what would change; a rerun of a finished job sends no write at all", async () => {
    const input = temp.path("ids.csv");
    const rows = ["external_id"];
    for (let i = 0; i < 1000; i++) rows.push(`user-${i}`);
    // An id over the spec's maxLength (invalid), a duplicate of an unchanged id and one of an id
    // to write: the reads de-duplicate, the writes keep no detector of their own.
    rows.push("x".repeat(600), "user-3", "user-500");
    await writeFile(input, `${rows.join("\n")}\n`);
    // 300 of them already have the target state.
    for (let i = 0; i < 300; i++) fake.state.set("g", { externalId: `user-${i}` }, "unsubscribed");
    const args = [
      "set",
      "--group",
      "g",
      "--state",
      "unsubscribed",
      "--input",
      input,
      "--skip-unchanged",
      "--json",
      "--quiet",
      "--yes",
    ];

    const report = temp.path("first.ndjson");
    const first = await runBin([...args, "--report", report], { env: env() });
    expect(first.code).toBe(3); // the invalid row
    expect(JSON.parse(first.stdout)).toMatchObject({
      total: 1003,
      unchanged: 300,
      succeeded: 700,
      invalid: 1,
      duplicates: 2,
    });
    const lines = await readNdjson<ReportLine>(report);
    expect(lines).toHaveLength(1003);
    expect(new Set(lines.map((l) => l.line)).size).toBe(1003);
    expect(lines.find((l) => l.line === 1004)).toMatchObject({
      id: "user-500",
      outcome: "duplicate",
    });
    expect(lines.find((l) => l.id === "user-0")).toMatchObject({ outcome: "unchanged", line: 2 });
    expect(lines.find((l) => l.id === "user-999")).toMatchObject({
      outcome: "succeeded",
      line: 1001,
    });
    const writes = fake.requests.filter((r) => r.path === write.path);
    expect(writes.reduce((sum, r) => sum + r.identifierCount, 0)).toBe(700);

    const before = fake.requests.length;
    const rerun = await runBin(args, { env: env() });
    expect(JSON.parse(rerun.stdout)).toMatchObject({ unchanged: 1000, succeeded: 0, requests: 0 });
    const since = fake.requests.slice(before);
    expect(since.length).toBeGreaterThan(0);
    expect(since.every((r) => r.method === read.method && r.path === read.path)).toBe(true);
  });

  it("a key that may not read: one line naming the permission, exit 2, no write (it sent every row)", async () => {
    const input = temp.path("write-only.csv");
    await writeFile(input, "external_id\nuser-1\nuser-2\n");
    const before = fake.requests.length;
    const result = await runBin(
      [
        ...["set", "--group", "g", "--state", "unsubscribed", "--input", input],
        ...["--skip-unchanged", "--quiet", "--yes"],
      ],
      { env: { BRAZE_API_KEY: WRITE_ONLY_KEY, BRAZE_REST_URL: fake.url } },
    );
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      `braze-subscriptions: --skip-unchanged reads the current states first, and the API key lacks ${read.requiredPermission} (HTTP 403): grant it, or run without --skip-unchanged; nothing was sent`,
    );
    // The preflight read alone.
    expect(fake.requests.slice(before).map((request) => request.method)).toEqual(["GET"]);
  });
});
