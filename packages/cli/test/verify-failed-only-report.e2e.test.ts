import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { useFakeJob } from "./support/fake-job.js";
import { readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

// The README ("verify", --from-report): the report must be complete, "otherwise a warning says
// why (… a --failed-only report lacks the succeeded rows) and it exits 3, however well the
// lines it has match". A --failed-only report whose lines had all landed since exited 0 with
// no warning: its record counts the rows left out, but only the lines it holds were compared.

const KEY = "failed-only-verify-key-93b1";
const job = useFakeJob(KEY);

it("verify --from-report of a --failed-only report: every line matches, still exit 3 with a warning", async () => {
  const input = join(job.dir, "optouts.csv");
  const rows = Array.from({ length: 200 }, (_, i) => `optout-${i}@example.com`);
  await writeFile(input, `email\n${rows.join("\n")}\n`);
  const checkpoint = join(job.dir, "optouts.checkpoint");
  const set = (report: string, ...extra: string[]) =>
    runBin(
      [
        ...["set", "--group", "g-fo", "--state", "unsubscribed", "--input", input],
        ...["--checkpoint", checkpoint, "--report", report, "--json", "--quiet", ...extra],
      ],
      { env: job.env() },
    );
  // A canary whose report keeps only what did not succeed: the 150 rows it did not send.
  const failedOnly = join(job.dir, "canary.failed.ndjson");
  expect((await set(failedOnly, "--failed-only", "--limit", "50")).code).toBe(ExitCode.ok);
  expect(await readNdjson(failedOnly)).toHaveLength(150);
  // The rest, with the same checkpoint: every row of the file has now landed.
  const full = join(job.dir, "rest.ndjson");
  expect((await set(full)).code).toBe(ExitCode.ok);

  const verify = (report: string) =>
    runBin(["verify", "--from-report", report, "--json", "--quiet"], { env: job.env() });
  const partial = await verify(failedOnly);
  expect(JSON.parse(partial.stdout)).toMatchObject({ total: 150, matches: 150 });
  expect(partial.stderr).toMatch(/warning: .*canary\.failed\.ndjson: .*--failed-only/);
  expect(partial.code).toBe(ExitCode.incomplete);

  // The full report of the finished run proves the job.
  const whole = await verify(full);
  expect(JSON.parse(whole.stdout)).toMatchObject({ total: 200, matches: 200 });
  expect(whole.stderr).toBe("");
  expect(whole.code).toBe(ExitCode.ok);
});

it("verify --from-report of a --failed-only report with no line (every row succeeded): says why it proves nothing", async () => {
  const input = join(job.dir, "all-landed.csv");
  await writeFile(input, "email\nann@example.com\nbob@example.com\n");
  const report = join(job.dir, "all-landed.failed.ndjson");
  const set = await runBin(
    [
      ...["set", "--group", "g-fo2", "--state", "unsubscribed", "--input", input],
      ...["--report", report, "--failed-only", "--quiet", "--yes"],
    ],
    { env: job.env() },
  );
  expect(set.code).toBe(ExitCode.ok);
  // It said only "the report has no line to verify".
  await expectCannotShowLanded(report);
});

it("the same of a job whose CSV gives each row its group and state: says why, not that --state is missing", async () => {
  const input = join(job.dir, "all-landed-groups.csv");
  await writeFile(
    input,
    "email,group,state\nann@example.com,g-fo3,unsubscribed\nbob@example.com,g-fo4,subscribed\n",
  );
  const report = join(job.dir, "all-landed-groups.failed.ndjson");
  const set = await runBin(
    ["set", "--input", input, "--report", report, "--failed-only", "--quiet", "--yes"],
    { env: job.env() },
  );
  expect(set.code).toBe(ExitCode.ok);
  // It said "missing required option --state …: … has no usable job record to name them",
  // though the record was there; given --group and --state, the reason came only then.
  await expectCannotShowLanded(report);
});

/**
 * `verify --from-report` of a `--failed-only` report of two rows that both succeeded: exit 2,
 * saying why it cannot show the rows landed.
 */
async function expectCannotShowLanded(report: string): Promise<void> {
  const result = await runBin(["verify", "--from-report", report], { env: job.env() });
  expect(result.code).toBe(ExitCode.usage);
  expect(result.stderr.trim()).toMatch(
    /: the report has no line to verify, and it has no line for 2 rows its job record counts \(a --failed-only report leaves out the rows that succeeded\), so it cannot show every row landed/,
  );
}
