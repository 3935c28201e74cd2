import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { useFakeJob } from "./support/fake-job.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

// README (Many groups in one job): a group Braze keeps refusing stops that group, its other
// rows `not_sent`, while the other groups go on. The summary said only "not sent 40 (stopped:
// every request got the same answer, http_400: …)", as if the job had stopped: which group's
// rows were not sent could only be found in the report. It names the group now.

const KEY = "stopped-group-key-7d1a";
const job = useFakeJob(KEY);

it("names the group a repeated refusal stopped, whose rows were not sent, while the others went on", async () => {
  const input = join(job.dir, "changes.csv");
  const rows: string[] = [];
  // Good groups first (they prove themselves), then a group Braze refuses among them.
  for (let i = 0; i < 300; i++) rows.push(`p${i}@example.com,g-${i % 3},unsubscribed`);
  for (let i = 0; i < 400; i++)
    rows.push(`q${i}@example.com,${i % 10 === 0 ? "no-such-group" : `g-${i % 3}`},unsubscribed`);
  await writeFile(input, `email,group,state\n${rows.join("\n")}\n`);
  job.fake.setFaults({ unknownGroups: ["no-such-group"] });
  try {
    const report = join(job.dir, "changes.report.ndjson");
    const result = await runBin(
      ["set", "--input", input, "--report", report, "--concurrency", "1", "--quiet"],
      { env: job.env() },
    );
    expect(result.code).toBe(ExitCode.stopped);
    const lines = await readNdjson<ReportLine & { group?: string; reason?: string }>(report);
    const notSent = lines.filter((line) => line.outcome === "not_sent");
    expect(notSent.length).toBeGreaterThan(0);
    expect(new Set(notSent.map((line) => line.group))).toEqual(new Set(["no-such-group"]));
    const notSentLine = result.stdout.split("\n").find((line) => line.includes("not sent"));
    expect(notSentLine).toMatch(
      /stopped: every request got the same answer, http_400: .*; rows of group "no-such-group" not sent\)$/,
    );
  } finally {
    job.fake.setFaults(undefined);
  }
});
