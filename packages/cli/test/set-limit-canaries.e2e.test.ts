import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { useFakeJob } from "./support/fake-job.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

// The README ("--limit is not a failure"): a canary that sent its first n identifiers exits 0,
// and "it counts identifiers sent, not skipped ones: repeating it with the same checkpoint
// sends the next n". The existing test reruns without --limit; this one repeats the canary.

const KEY = "limit-canaries-key-61f0c2";
const job = useFakeJob(KEY);

it("--limit repeated with the same checkpoint sends the next n each time, exit 0, none twice", async () => {
  const input = join(job.dir, "list.csv");
  const ids = Array.from({ length: 250 }, (_, i) => `canary-${i}@example.com`);
  await writeFile(input, `email\n${ids.join("\n")}\n`);
  const report = join(job.dir, "list.report.ndjson");
  const run = () =>
    runBin(
      [
        ...["set", "--group", "g-canary", "--state", "unsubscribed", "--input", input],
        ...["--checkpoint", join(job.dir, "list.checkpoint"), "--report", report],
        ...["--limit", "100", "--json", "--quiet", "--no-preflight"],
      ],
      { env: job.env() },
    );
  const sent: string[] = [];
  const sentBy = () =>
    job.fake.requests.flatMap((r) => ((r.body as { email?: string[] }).email ?? []) as string[]);

  for (const [canary, fresh, done] of [
    [1, 100, 100],
    [2, 100, 200],
    [3, 50, 250],
  ] as const) {
    const result = await run();
    expect(result.code, `canary ${canary}: ${result.stderr}`).toBe(ExitCode.ok);
    const now = sentBy();
    expect(now.slice(sent.length)).toHaveLength(fresh);
    sent.splice(0, sent.length, ...now);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 250, succeeded: done, failed: 0 });
    const lines = await readNdjson<ReportLine>(report);
    expect(lines).toHaveLength(250);
    expect(lines.filter((l) => l.resumed)).toHaveLength(done - fresh);
    expect(lines.filter((l) => l.outcome === "not_sent" && l.reason === "limit")).toHaveLength(
      250 - done,
    );
  }
  // Every identifier sent exactly once over the three canaries.
  expect(sent).toHaveLength(250);
  expect(new Set(sent)).toEqual(new Set(ids));
});
