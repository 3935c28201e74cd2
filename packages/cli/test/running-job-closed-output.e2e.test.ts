import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { useFakeJob } from "./support/fake-job.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

// The README ("What can go wrong"): when the reader of the output goes away (`… 2>&1 | head`,
// a pager quit early), "the rest of that stream's output is dropped quietly (no EPIPE trace);
// a running job is not stopped by it". broken-pipe.e2e.test.ts checks --help and a usage
// error; this is a job that writes progress lines into a closed pipe all along.

const KEY = "closed-output-key-8c3d";
const job = useFakeJob(KEY);

it("set with its stderr and stdout closed from the start sends every row, reports each, exit 0", async () => {
  const input = join(job.dir, "list.csv");
  const ids = Array.from({ length: 600 }, (_, i) => `closed-${i}@example.com`);
  await writeFile(input, `email\n${ids.join("\n")}\n`);
  const report = join(job.dir, "list.report.ndjson");
  const result = await runBin(
    [
      ...["set", "--group", "g-closed", "--state", "unsubscribed", "--input", input],
      ...["--report", report, "--concurrency", "1", "--progress-interval", "100ms"],
      // 12 requests spread over more than a second: progress lines all along.
      ...["--rate-limit", "10/1s", "--no-preflight"],
    ],
    {
      env: job.env(),
      onSpawn: (child) => {
        child.stderr?.destroy();
        child.stdout?.destroy();
      },
    },
  );
  expect(result.signal).toBeNull();
  expect(result.code).toBe(ExitCode.ok);
  const lines = await readNdjson<ReportLine>(report);
  expect(lines).toHaveLength(600);
  expect(lines.every((line) => line.outcome === "succeeded")).toBe(true);
  expect(new Set(job.fake.state.list("g-closed").map((r) => r.id))).toEqual(new Set(ids));
});
