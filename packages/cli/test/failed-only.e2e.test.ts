import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { useFakeJob } from "./support/fake-job.js";
import { runBin } from "./support/run-bin.js";

const KEY = "failed-only-key-1a2b3c";
const job = useFakeJob(KEY);

async function reportOf(
  extra: string[],
): Promise<{ lines: Array<{ line: number; outcome: string }>; summary: string }> {
  const report = join(job.dir, `report-${extra.length}.ndjson`);
  const emails = ["a@example.com", "not-an-email", "b@example.com", "a@example.com"];
  const result = await runBin(
    [
      "set",
      "--group",
      "g",
      "--state",
      "subscribed",
      "--type",
      "email",
      "--input",
      "-",
      "--report",
      report,
      "--quiet",
      ...extra,
    ],
    { env: job.env(), stdin: `${emails.join("\n")}\n` },
  );
  expect(result.code).toBe(3); // one invalid row
  const lines = (await readFile(report, "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { line: number; outcome: string });
  return { lines, summary: result.stdout };
}

it("--failed-only writes report lines only for the rows that did not succeed", async () => {
  const { lines: all, summary } = await reportOf([]);
  expect(summary).toMatch(/^Report: .* \(one line per identifier\)$/m);
  expect(all.map((l) => l.outcome).sort()).toEqual([
    "duplicate",
    "invalid",
    "succeeded",
    "succeeded",
  ]);
  const failedOnly = await reportOf(["--failed-only"]);
  expect(failedOnly.lines).toEqual([expect.objectContaining({ line: 2, outcome: "invalid" })]);
  // It said "one line per identifier" of a report that has one line here.
  expect(failedOnly.summary).toMatch(/^Report: .* \(one line per row that did not succeed\)$/m);
});
