import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { useFakeJob } from "./support/fake-job.js";
import { runBin } from "./support/run-bin.js";

const KEY = "failed-only-key-1a2b3c";
const job = useFakeJob(KEY);

async function reportOf(extra: string[]): Promise<Array<{ line: number; outcome: string }>> {
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
  return (await readFile(report, "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { line: number; outcome: string });
}

it("--failed-only writes report lines only for the rows that did not succeed", async () => {
  const all = await reportOf([]);
  expect(all.map((l) => l.outcome).sort()).toEqual([
    "duplicate",
    "invalid",
    "succeeded",
    "succeeded",
  ]);
  const failed = await reportOf(["--failed-only"]);
  expect(failed).toEqual([expect.objectContaining({ line: 2, outcome: "invalid" })]);
});
