import { readFile } from "node:fs/promises";
import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { formatDuration } from "../src/options/duration.js";
import { type ReportLine, readNdjson, writeEmailCsv } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

const KEY = "test-key-fail-fast-31c9";
const GROUP = "group-e2e-fail-fast";
const cap = operationMetadata.setSubscriptionStatus.requestBody.listFields.email.maxItems;

/** Writes to the fake (the preflight read is a GET). */
const writes = (fake: BrazeFake) => fake.requests.filter((r) => r.method === "POST");
const reads = (fake: BrazeFake) => fake.requests.filter((r) => r.method === "GET");

/** How many writes at the end of the log got a 400 in a row. */
function trailing400s(fake: BrazeFake): number {
  const statuses = writes(fake).map((r) => r.status);
  let count = 0;
  while (statuses.at(-1 - count) === 400) count += 1;
  return count;
}
const sentIds = (fake: BrazeFake) =>
  writes(fake).flatMap((r) =>
    r.status === 201 || r.status === 400 ? ((r.body as { email: string[] }).email ?? []) : [],
  );

describe("set stops a bad job early (exit 4) and bounds a job (--limit, --max-failures)", () => {
  let fake: BrazeFake;
  const temp = useTempDir();
  let n = 0;
  const files = () => {
    n += 1;
    return {
      input: temp.path(`in-${n}.csv`),
      report: temp.path(`report-${n}.ndjson`),
      checkpoint: temp.path(`checkpoint-${n}`),
    };
  };
  const set = (f: ReturnType<typeof files>, ...extra: string[]) =>
    runBin(
      [
        "set",
        ...["--group", GROUP, "--state", "unsubscribed", "--input", f.input],
        ...["--base-url", fake.url, "--rate-limit", "100000/1s"],
        ...["--report", f.report, "--checkpoint", f.checkpoint, "--json"],
        ...extra,
      ],
      { env: { BRAZE_API_KEY: KEY } },
    );

  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
  });
  afterEach(() => {
    fake.setFaults(undefined);
    fake.reset();
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("a group Braze refuses: 20,000 rows cost at most 5 writes, exit 4, a report line for every row; the fixed job resumes", async () => {
    const f = files();
    const expected = await writeEmailCsv(f.input, 20_000);
    fake.setFaults({ unknownGroups: [GROUP] });
    const result = await set(f);

    expect(result.code).toBe(4);
    expect(writes(fake).length).toBeLessThanOrEqual(5);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      total: 20_000,
      succeeded: 0,
      invalid: expected.invalid.size,
      duplicates: expected.duplicate.size,
      stopped: { reason: "preflight", status: 400, code: "http_400" },
    });
    // The preflight read found the group refused: not one write.
    expect(writes(fake)).toHaveLength(0);
    expect(result.stderr).toMatch(/check the group id.*; nothing is sent\n/);
    expect(summary.failed + summary.notSent).toBe(expected.valid.size);
    expect(summary.failed).toBe(writes(fake).length * cap);

    const lines = await readNdjson<ReportLine>(f.report);
    expect(lines).toHaveLength(20_000);
    expect(new Set(lines.map((l) => l.line)).size).toBe(20_000);
    const notSent = lines.filter((l) => l.outcome === "not_sent");
    expect(notSent).toHaveLength(summary.notSent);
    expect(notSent[0]).toMatchObject({
      reason: "preflight",
      error: {
        code: "http_400",
        status: 400,
        message: expect.stringMatching(/subscription_group_id/),
      },
    });
    for (const line of expected.invalid) {
      expect(lines.find((l) => l.line === line)?.outcome).toBe("invalid");
    }

    // The group is fixed on Braze's side: the same command sends every valid row, none twice.
    fake.setFaults(undefined);
    fake.reset();
    const rerun = await set(f);
    expect(rerun.code).toBe(3); // invalid rows remain
    expect(JSON.parse(rerun.stdout)).toMatchObject({ succeeded: expected.valid.size, notSent: 0 });
    expect(sentIds(fake)).toHaveLength(expected.valid.size);
  });

  it("a refused group and a key that cannot read (no preflight check): at most 5 writes, exit 4, every row reported", async () => {
    const f = files();
    const expected = await writeEmailCsv(f.input, 20_000);
    const { requiredPermission } = operationMetadata.setSubscriptionStatus;
    const writeOnly = await startBrazeFake({
      apiKeys: [KEY],
      rateLimit: false,
      permissions: { [KEY]: [requiredPermission] },
      faults: { unknownGroups: [GROUP] },
    });
    try {
      const result = await runBin(
        [
          ...["set", "--group", GROUP, "--state", "unsubscribed", "--input", f.input],
          ...["--base-url", writeOnly.url, "--report", f.report, "--json"],
        ],
        { env: { BRAZE_API_KEY: KEY } },
      );
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/warning: could not check .*subscription\.status\.get/);
      expect(writes(writeOnly).length).toBeGreaterThan(0);
      expect(writes(writeOnly).length).toBeLessThanOrEqual(5);
      const summary = JSON.parse(result.stdout);
      expect(summary.stopped).toMatchObject({ reason: "systematic_failure", status: 400 });
      expect(summary.failed).toBe(writes(writeOnly).length * cap);
      expect(summary.failed + summary.notSent).toBe(expected.valid.size);
      const lines = await readNdjson<ReportLine>(f.report);
      expect(lines).toHaveLength(20_000);
      expect(lines.filter((l) => l.outcome === "not_sent")[0]).toMatchObject({
        reason: "systematic_failure",
        error: { code: "http_400", status: 400 },
      });
    } finally {
      await writeOnly.close();
    }
  });

  it("1 request in 20 refused with 400: the job completes, those rows failed, the rest succeeded (exit 3)", async () => {
    const f = files();
    const expected = await writeEmailCsv(f.input, 20_000);
    fake.setFaults({ seed: 5, rates: { "400": 0.05 } });
    const result = await set(f);

    expect(result.code).toBe(3);
    const refused = writes(fake).filter((r) => r.status === 400);
    expect(refused.length).toBeGreaterThan(5);
    const summary = JSON.parse(result.stdout);
    expect(summary.stopped).toBeUndefined();
    expect(summary).toMatchObject({
      notSent: 0,
      failed: refused.reduce((sum, r) => sum + r.identifierCount, 0),
    });
    expect(summary.succeeded + summary.failed).toBe(expected.valid.size);
    const lines = await readNdjson<ReportLine>(f.report);
    expect(lines).toHaveLength(20_000);
    expect(
      lines.filter((l) => l.outcome === "failed").every((l) => l.error?.code === "http_400"),
    ).toBe(true);
  });

  it("--limit 1000 sends exactly 1,000 identifiers; the same command without it sends the rest", async () => {
    const f = files();
    const expected = await writeEmailCsv(f.input, 5_000);
    const canary = await set(f, "--limit", "1000");
    expect(canary.code).toBe(3); // invalid rows exist; the limit itself is not a failure
    expect(sentIds(fake)).toHaveLength(1_000);
    expect(JSON.parse(canary.stdout)).toMatchObject({
      succeeded: 1_000,
      notSent: expected.valid.size - 1_000,
      stopped: { reason: "limit", code: "limit_reached" },
    });
    const canaryLines = await readNdjson<ReportLine>(f.report);
    expect(canaryLines).toHaveLength(5_000);
    expect(
      canaryLines.filter((l) => l.outcome === "not_sent").every((l) => l.reason === "limit"),
    ).toBe(true);
    const first = new Set(sentIds(fake));

    fake.reset();
    const rest = await set(f);
    expect(rest.code).toBe(3);
    const second = sentIds(fake);
    expect(second).toHaveLength(expected.valid.size - 1_000);
    expect(second.some((id) => first.has(id))).toBe(false);
    expect(new Set([...first, ...second])).toEqual(new Set(expected.valid.values()));
  });

  it("--max-failures 2% stops once more than 2% of the rows failed (exit 4)", async () => {
    const f = files();
    await writeEmailCsv(f.input, 20_000);
    fake.setFaults({ seed: 9, rates: { "400": 0.3 } });
    const result = await set(f, "--max-failures", "2%", "--concurrency", "4");
    expect(result.code).toBe(4);
    const summary = JSON.parse(result.stdout);
    expect(summary.stopped).toMatchObject({ reason: "max_failures", code: "max_failures" });
    expect(summary.failed).toBeGreaterThan(400);
    expect(summary.failed).toBeLessThanOrEqual(400 + 4 * cap);
    expect(summary.notSent).toBeGreaterThan(0);
    expect(await readNdjson<ReportLine>(f.report)).toHaveLength(20_000);
  });

  it("prints the start block on stderr from the spec's numbers, and never asks without a terminal", async () => {
    const f = files();
    await writeEmailCsv(f.input, 1_234);
    const result = await runBin(
      [
        "set",
        ...["--group", GROUP, "--state", "subscribed", "--input", f.input, "--base-url", fake.url],
        ...["--limit", "500", "--max-failures", "10"],
      ],
      { env: { BRAZE_API_KEY: KEY } },
    );
    const { rateLimit } = operationMetadata.setSubscriptionStatus;
    const requests = Math.ceil(500 / cap);
    const leastMs = ((requests - 1) * rateLimit.intervalMs) / rateLimit.limit;
    expect(result.stderr).toContain("About to set subscription states:");
    expect(result.stderr).toMatch(new RegExp(`target\\s+${new URL(fake.url).host}\\n`));
    expect(result.stderr).toMatch(new RegExp(`group\\s+${GROUP}\\n`));
    expect(result.stderr).toMatch(/state\s+subscribed\n/);
    expect(result.stderr).toMatch(/rows\s+1,234 of email from /);
    expect(result.stderr).toContain(`at most ${requests} (up to ${cap} identifiers each)`);
    expect(result.stderr).toContain(
      `at least ${formatDuration(leastMs)} at the rate limit of ${rateLimit.limit}/${rateLimit.intervalMs / 1000}s`,
    );
    expect(result.stderr).toMatch(/limit\s+the first 500 valid identifiers/);
    expect(result.stderr).toMatch(/stop after\s+10 failed identifiers/);
    expect(result.stderr).not.toContain("Send?");
    expect(result.code).toBe(3);
    expect(result.stdout).toMatch(/not sent\s+7\d\d \(--limit reached\)/);
    expect(await readFile(f.input, "utf8")).toContain("email");
  });

  it("--fail-fast-after 3 stops after 3 identical refusals in a row; the same job with the default (10) completes", async () => {
    const f = files();
    const expected = await writeEmailCsv(f.input, 10_000);
    // 3 in 10 writes refused with the same 400: streaks of 3 happen in a 200-request job,
    // streaks of 10 practically never. One request at a time keeps the order of answers.
    const faults = { seed: 11, rates: { "400": 0.3 } } as const;

    fake.setFaults(faults);
    const strict = await set(f, "--fail-fast-after", "3", "--concurrency", "1");
    expect(strict.code).toBe(4);
    const summary = JSON.parse(strict.stdout);
    expect(summary.stopped).toMatchObject({ reason: "systematic_failure", status: 400 });
    expect(writes(fake).some((r) => r.status === 201)).toBe(true);
    expect(trailing400s(fake)).toBe(3);
    expect(summary.succeeded).toBeGreaterThan(0);
    expect(summary.notSent).toBeGreaterThan(0);
    expect(summary.succeeded + summary.failed + summary.notSent).toBe(expected.valid.size);
    expect(await readNdjson<ReportLine>(f.report)).toHaveLength(10_000);

    fake.reset();
    fake.setFaults(faults);
    // A fresh report and checkpoint: the same input from the start.
    const lenient = await set({ ...files(), input: f.input }, "--concurrency", "1");
    expect(lenient.code).toBe(3); // refused rows failed, nothing stopped
    expect(JSON.parse(lenient.stdout)).toMatchObject({ notSent: 0 });
    expect(JSON.parse(lenient.stdout).stopped).toBeUndefined();
  });

  it("--no-preflight sends no read: a refused group is met by the first writes (at most 2), exit 4", async () => {
    const f = files();
    const expected = await writeEmailCsv(f.input, 5_000);
    fake.setFaults({ unknownGroups: [GROUP] });
    const result = await set(f, "--no-preflight");
    expect(reads(fake)).toHaveLength(0);
    expect(result.code).toBe(4);
    expect(writes(fake).length).toBeGreaterThan(0);
    expect(writes(fake).length).toBeLessThanOrEqual(2);
    const summary = JSON.parse(result.stdout);
    expect(summary.stopped).toMatchObject({ reason: "systematic_failure", status: 400 });
    expect(summary.failed + summary.notSent).toBe(expected.valid.size);
    expect(await readNdjson<ReportLine>(f.report)).toHaveLength(5_000);

    // Without the flag the same job reads first and sends nothing.
    fake.reset();
    const checked = await set({ ...files(), input: f.input });
    expect(checked.code).toBe(4);
    expect(reads(fake)).toHaveLength(1);
    expect(writes(fake)).toHaveLength(0);
  });

  it("--fail-fast-after must be a whole number of at least 1 (exit 2, nothing sent)", async () => {
    const f = files();
    await writeEmailCsv(f.input, 10);
    for (const bad of ["0", "-1", "ten"]) {
      const result = await set(f, "--fail-fast-after", bad);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/--fail-fast-after must be an integer ≥ 1, got /);
    }
    expect(fake.requests).toHaveLength(0);
  });
});
