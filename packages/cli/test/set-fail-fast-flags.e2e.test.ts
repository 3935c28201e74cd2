import { join } from "node:path";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ReportLine, readNdjson, tempDir, writeEmailCsv } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

const KEY = "test-key-fail-fast-flags-7d2e";
const GROUP = "group-e2e-fail-fast-flags";

const writes = (fake: BrazeFake) => fake.requests.filter((r) => r.method === "POST");
const reads = (fake: BrazeFake) => fake.requests.filter((r) => r.method === "GET");

/** How many writes at the end of the log got a 400 in a row. */
function trailing400s(fake: BrazeFake): number {
  const statuses = writes(fake).map((r) => r.status);
  let count = 0;
  while (statuses.at(-1 - count) === 400) count += 1;
  return count;
}

describe("set --fail-fast-after <n> and --no-preflight", () => {
  let fake: BrazeFake;
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let n = 0;
  const files = () => {
    n += 1;
    return { input: join(temp.dir, `in-${n}.csv`), report: join(temp.dir, `report-${n}.ndjson`) };
  };
  const set = (f: ReturnType<typeof files>, ...extra: string[]) =>
    runBin(
      [
        "set",
        ...["--group", GROUP, "--state", "unsubscribed", "--input", f.input],
        ...["--base-url", fake.url, "--rate-limit", "100000/1s", "--report", f.report, "--json"],
        ...extra,
      ],
      { env: { BRAZE_API_KEY: KEY } },
    );

  beforeAll(async () => {
    temp = await tempDir();
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
  });
  afterEach(() => {
    fake.setFaults(undefined);
    fake.reset();
  });
  afterAll(async () => {
    await fake?.close();
    await temp?.cleanup();
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
    const lenient = await set(f, "--concurrency", "1");
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
    const checked = await set(f);
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
      expect(result.stderr).toMatch(/--fail-fast-after must be an integer >= 1/);
    }
    expect(fake.requests).toHaveLength(0);
  });
});
