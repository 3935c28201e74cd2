import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { operationMetadata } from "@braze-subscriptions/client";
import { expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { useFakeJob } from "./support/fake-job.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

// The README: `--max-failures <n|p%>` stops (exit 4) "once more than n identifiers … failed";
// "with stdin from a pipe only a number is accepted". set-fail-fast.e2e.test.ts checks p%.

const KEY = "max-failures-count-key-4a0f";
const job = useFakeJob(KEY);
const cap = operationMetadata.setSubscriptionStatus.requestBody.listFields.email.maxItems;

const lines = (n: number) =>
  `email\n${Array.from({ length: n }, (_, i) => `mf-${i}@example.com`).join("\n")}\n`;
const args = (input: string, ...extra: string[]) => [
  ...["set", "--group", "g-mf", "--state", "unsubscribed", "--input", input],
  ...["--json", "--quiet", "--no-preflight", ...extra],
];

it("--max-failures <n>: stops once more than n identifiers failed, exit 4, every row reported", async () => {
  const input = join(job.dir, "list.csv");
  const rows = 40 * cap;
  await writeFile(input, lines(rows));
  const report = join(job.dir, "list.report.ndjson");
  const bound = 2 * cap + 1;
  // One request in two refused (the others succeed: no fail-fast stop), one at a time.
  job.fake.setFaults({ seed: 5, rates: { 400: 0.5 } });
  const result = await runBin(
    args(input, "--report", report, "--max-failures", String(bound), "--concurrency", "1"),
    { env: job.env() },
  );
  job.fake.setFaults(undefined);
  expect(result.code).toBe(ExitCode.stopped);
  const summary = JSON.parse(result.stdout);
  expect(summary.stopped).toMatchObject({ reason: "max_failures", code: "max_failures" });
  // Past the bound by at most the one request in flight, and stopped there.
  expect(summary.failed).toBeGreaterThan(bound);
  expect(summary.failed).toBeLessThanOrEqual(bound + cap);
  expect(summary.notSent).toBeGreaterThan(0);
  const report_ = await readNdjson<ReportLine>(report);
  expect(report_).toHaveLength(rows);
  expect(report_.filter((l) => l.outcome === "not_sent")).toHaveLength(summary.notSent);
});

it("--max-failures p% with a pipe on stdin is a usage error before anything is sent; a number is taken", async () => {
  const refused = await runBin(args("-", "--type", "email", "--max-failures", "2%"), {
    env: job.env(),
    stdin: lines(10),
  });
  expect(refused.code).toBe(ExitCode.usage);
  expect(refused.stderr).toMatch(
    /--max-failures with a percentage needs a file input.*give a number/,
  );
  expect(refused.stderr.trim().split("\n")).toHaveLength(1);
  expect(job.fake.requests).toHaveLength(0);

  const taken = await runBin(args("-", "--max-failures", "2"), {
    env: job.env(),
    stdin: lines(10),
  });
  expect(taken.code).toBe(ExitCode.ok);
  expect(JSON.parse(taken.stdout)).toMatchObject({ succeeded: 10 });
});
