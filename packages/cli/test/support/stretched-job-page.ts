import { join } from "node:path";
import { expect } from "vitest";
import { writeEmailCsv } from "./inputs.js";
import type { BrowserJob } from "./job-page.js";
import { editJobRecord, stretchJob } from "./job-record.js";
import { runBin } from "./run-bin.js";

/**
 * A job page of `seconds`: a real `set` run of 50 emails (`args` added to its flags) through
 * `job`'s fake, its record stretched to `seconds` with `requestsAt` requests each second (the
 * same shape the CLI writes, as if it had run that long), rendered by `report --html`.
 * Resolves with the page's path and the stretched record's start (epoch seconds).
 */
export async function stretchedJobPage(
  job: BrowserJob,
  seconds: number,
  { args = [], requestsAt }: { args?: string[]; requestsAt?: (second: number) => number } = {},
): Promise<{ html: string; startSeconds: number }> {
  const input = join(job.dir, "emails.csv");
  await writeEmailCsv(input, 50);
  const report = join(job.dir, "job.ndjson");
  const run = await runBin(
    [
      ...["set", "--group", "g", "--state", "unsubscribed", "--input", input],
      ...["--report", report, ...args, "--quiet", "--yes"],
    ],
    { env: job.env() },
  );
  expect(run.code, run.stderr).toBe(3); // the input's few invalid rows
  let startSeconds = 0;
  await editJobRecord(report, (record) => {
    stretchJob(record, seconds, requestsAt);
    startSeconds = record.timeline.startEpochMs / 1000;
  });
  const html = join(job.dir, "job.html");
  const rendered = await runBin(["report", report, "--html", html]);
  expect(rendered.code, rendered.stderr).toBe(0);
  return { html, startSeconds };
}
