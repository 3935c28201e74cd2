import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { useFakeJob } from "./support/fake-job.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

// The README ("Retries", "Timeouts"): `--max-retries <n>` is the retries after the first
// attempt; "a request that ran out of retries ends its rows failed with code
// retries_exhausted (and the last status and message)", and one that keeps timing out ends
// `failed`, `timeout` or `retries_exhausted`. Neither stops the job (only refusals do), and a
// rerun sends what did not succeed.

const KEY = "retries-exhausted-key-2b7e";
const job = useFakeJob(KEY);
const ROWS = 120;

describe("set: a request that runs out of retries", () => {
  let input: string;
  beforeEach(async () => {
    input = join(job.dir, "list.csv");
    const ids = Array.from({ length: ROWS }, (_, i) => `retry-${i}@example.com`);
    await writeFile(input, `email\n${ids.join("\n")}\n`);
  });
  const set = (report: string, ...extra: string[]) =>
    runBin(
      [
        ...["set", "--group", "g-retry", "--state", "unsubscribed", "--input", input],
        ...["--report", report, "--max-retries", "2", "--json", "--quiet", "--no-preflight"],
        ...extra,
      ],
      { env: job.env() },
    );
  const writes = () => job.fake.requests.filter((r) => r.method === "POST");

  it("503 on every attempt: 1 + --max-retries attempts per request, rows failed retries_exhausted with the status, exit 3", async () => {
    job.fake.setFaults({ rates: { 503: 1 } });
    const report = join(job.dir, "503.ndjson");
    const result = await set(report);
    job.fake.setFaults(undefined);
    expect(result.code).toBe(ExitCode.incomplete);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ total: ROWS, succeeded: 0, failed: ROWS, notSent: 0 });
    expect(summary.stopped).toBeUndefined();
    // Each request tried 3 times: the first attempt and 2 retries.
    expect(writes().length).toBe(summary.requests * 3);
    expect(summary.retries).toBe(summary.requests * 2);
    const lines = await readNdjson<ReportLine>(report);
    expect(lines).toHaveLength(ROWS);
    for (const line of lines) {
      expect(line.outcome).toBe("failed");
      expect(line.error).toMatchObject({ code: "retries_exhausted", status: 503 });
      expect(line.error?.message).toMatch(/HTTP 503.*gave up after 3 attempts/);
    }
    // Nothing was applied; the rerun (faults gone) sends every row and they succeed.
    expect(job.fake.state.list("g-retry")).toHaveLength(0);
    const rerun = await set(join(job.dir, "rerun.ndjson"));
    expect(rerun.code).toBe(ExitCode.ok);
    expect(job.fake.state.list("g-retry")).toHaveLength(ROWS);
  });

  it("no answer within --timeout on every attempt: rows failed (timeout or retries_exhausted), exit 3", async () => {
    job.fake.setFaults({ rates: { timeout: 1 }, timeoutDelayMs: 5_000 });
    const report = join(job.dir, "timeout.ndjson");
    const result = await set(report, "--timeout", "100ms", "--max-retries", "1");
    job.fake.setFaults(undefined);
    expect(result.code).toBe(ExitCode.incomplete);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ total: ROWS, succeeded: 0, failed: ROWS });
    expect(writes().length).toBe(summary.requests * 2);
    const lines = await readNdjson<ReportLine>(report);
    expect(lines).toHaveLength(ROWS);
    for (const line of lines) {
      expect(line.outcome).toBe("failed");
      expect(["timeout", "retries_exhausted"]).toContain(line.error?.code);
      expect(line.error?.message).toMatch(/within 100 ms/);
    }
  });
});
