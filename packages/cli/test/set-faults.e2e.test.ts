import { readFile } from "node:fs/promises";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReportLine, readNdjson, writeEmailCsv } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

const KEY = "test-key-4f9c2a7e1b";
const GROUP = "group-e2e-faults";

describe("set: 20,000 rows against the fake with faults injected", () => {
  let fake: BrazeFake;
  const temp = useTempDir();

  beforeAll(async () => {
    fake = await startBrazeFake({
      apiKeys: [KEY],
      // Scaled: 100 requests per 100 ms instead of 5,000 per minute, so the run takes seconds.
      rateLimit: { limit: 100, intervalMs: 100 },
      faults: {
        seed: 7,
        rates: { "500": 0.03, "502": 0.03, "503": 0.03, "504": 0.02, reset: 0.03, timeout: 0.02 },
        timeoutDelayMs: 600,
      },
    });
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("ends with every valid row succeeded, the fake's state matching, and the key nowhere", async () => {
    const input = temp.path("emails.csv");
    const report = temp.path("report.ndjson");
    const checkpoint = temp.path("checkpoint.ndjson");
    const expected = await writeEmailCsv(input, 20_000);

    const result = await runBin(
      [
        "set",
        "--group",
        GROUP,
        "--state",
        "unsubscribed",
        "--input",
        input,
        "--base-url",
        fake.url,
        "--rate-limit",
        "100/100ms",
        "--timeout",
        "300",
        "--max-retries",
        "12",
        "--report",
        report,
        "--checkpoint",
        checkpoint,
        "--json",
        "--progress-interval",
        "500",
      ],
      { env: { BRAZE_API_KEY: KEY } },
    );

    // Invalid rows exist, so 3 is the honest answer even though every valid row succeeded.
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.code).toBe(3);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({
      total: 20_000,
      valid: expected.valid.size,
      invalid: expected.invalid.size,
      duplicates: expected.duplicate.size,
      succeeded: expected.valid.size,
      failed: 0,
    });
    expect(Object.keys(summary)).toEqual([
      "total",
      "valid",
      "invalid",
      "duplicates",
      "succeeded",
      "failed",
      "notSent",
      "requests",
      "retries",
      "elapsedMs",
    ]);
    expect(summary.retries).toBeGreaterThan(0);
    expect(summary.requests).toBeGreaterThanOrEqual(Math.ceil(expected.valid.size / 50));
    // Plain progress lines, since stderr is a pipe here.
    expect(result.stderr).toMatch(/^progress: \d+\/20000 ids/m);

    const lines = await readNdjson<ReportLine>(report);
    expect(lines).toHaveLength(20_000);
    const byLine = new Map(lines.map((line) => [line.line, line]));
    expect(byLine.size).toBe(20_000);
    for (const [line, email] of expected.valid) {
      expect(byLine.get(line)).toEqual({
        line,
        id: email,
        type: "email",
        outcome: "succeeded",
        error: null,
      });
    }
    for (const line of expected.invalid) {
      expect(byLine.get(line)).toMatchObject({
        outcome: "invalid",
        error: { code: expect.any(String) },
      });
    }
    for (const line of expected.duplicate) expect(byLine.get(line)?.outcome).toBe("duplicate");

    const inFake = fake.state.list(GROUP);
    expect(
      inFake.every((record) => record.state === "unsubscribed" && record.kind === "email"),
    ).toBe(true);
    expect(new Set(inFake.map((record) => record.id))).toEqual(new Set(expected.valid.values()));

    // Faults were really hit, and no request broke the spec's rules.
    const faults = new Set(fake.requests.map((entry) => entry.fault).filter(Boolean));
    expect(faults.size).toBeGreaterThanOrEqual(4);
    expect(
      fake.requests.every((entry) => entry.identifierCount >= 1 && entry.identifierCount <= 50),
    ).toBe(true);

    for (const text of [
      result.stdout,
      result.stderr,
      await readFile(report, "utf8"),
      await readFile(checkpoint, "utf8"),
    ]) {
      expect(text).not.toContain(KEY);
    }
  });
});
