import { join } from "node:path";
import { expect, it } from "vitest";
import { useFakeJob } from "./support/fake-job.js";
import { writeEmailCsv } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

// A dry run of a canary planned every row (60 requests where `--limit` sends 2): it now plans
// what the run with the same flags sends, and says how many valid rows `--limit` keeps back.

const KEY = "dry-run-limit-key-3f8a";
const job = useFakeJob(KEY);

it("--dry-run --limit n: the requests and the rows not sent of the run with --limit n", async () => {
  const input = join(job.dir, "list.csv");
  const expected = await writeEmailCsv(input, 400);
  const set = (...extra: string[]) =>
    runBin(
      [
        ...["set", "--group", "g-canary", "--state", "unsubscribed", "--input", input],
        ...["--limit", "120", "--json", "--quiet", "--yes", ...extra],
      ],
      { env: job.env() },
    );
  const planned = await set("--dry-run");
  expect(planned.stderr).toBe("");
  const plan = JSON.parse(planned.stdout);
  expect(job.fake.requests).toHaveLength(0);
  const sent = JSON.parse((await set()).stdout);
  expect(plan).toMatchObject({
    dryRun: true,
    valid: expected.valid.size,
    requests: sent.requests,
    notSent: sent.notSent,
  });
  expect(plan.notSent).toBe(expected.valid.size - 120);

  const human = await runBin(
    [
      ...["set", "--group", "g-canary", "--state", "unsubscribed", "--input", input],
      ...["--limit", "120", "--dry-run", "--quiet"],
    ],
    { env: job.env() },
  );
  expect(human.stdout).toMatch(
    new RegExp(
      `not sent +${(expected.valid.size - 120).toLocaleString("en-US")} \\(valid, past --limit\\)`,
    ),
  );
});
