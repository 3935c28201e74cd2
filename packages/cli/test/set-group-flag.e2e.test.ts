import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { useFakeJob } from "./support/fake-job.js";
import { runBin } from "./support/run-bin.js";

// A --group the spec's SubscriptionGroupId refuses can never be sent: it is a usage error (one
// line naming the flag, exit 2, nothing read nor written), as a --state that is no state is.
// It was passed through: `set` read it in its preflight (a request for nothing, answered 400),
// then died with "unexpected error: setStatus: invalid input: /subscriptionGroupId …" (exit
// 1, no report line for any row); a dry run died the same way; a multi-group job took it as
// the default of its empty cells and made each such row `invalid`.

const KEY = "group-flag-key-5b2e";
/** Far longer than any group id the spec allows. */
const TOO_LONG = "g".repeat(2000);
const job = useFakeJob(KEY);
let oneGroup: string;
let rows: string;
beforeAll(async () => {
  oneGroup = join(job.dir, "one-group.csv");
  await writeFile(oneGroup, "email\nann@example.com\n");
  rows = join(job.dir, "rows.csv");
  await writeFile(
    rows,
    "email,group,state\nann@example.com,g-1,unsubscribed\nbob@example.com,,subscribed\n",
  );
});

it.each([
  ["set", () => ["set", "--group", TOO_LONG, "--state", "unsubscribed", "--input", oneGroup]],
  [
    "set --dry-run",
    () => ["set", "--group", TOO_LONG, "--state", "unsubscribed", "--input", oneGroup, "--dry-run"],
  ],
  ["set, a multi-group job's default", () => ["set", "--group", TOO_LONG, "--input", rows]],
  ["verify", () => ["verify", "--group", TOO_LONG, "--state", "unsubscribed", "--input", oneGroup]],
])(
  "%s: a --group the spec refuses is exit 2, one line naming it, nothing read nor written",
  async (_, args) => {
    const result = await runBin([...args(), "--quiet"], { env: job.env() });
    expect(result.stderr.trim()).toMatch(/^braze-subscriptions: --group .*at most \d+ characters/);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).not.toContain(TOO_LONG);
    expect(result.code).toBe(ExitCode.usage);
    expect(job.fake.requests).toHaveLength(0);
  },
);

it("--group is trimmed as the CSV's group cells are: one group, not two", async () => {
  const result = await runBin(
    ["set", "--group", "  g-1 ", "--input", rows, "--state", "unsubscribed", "--json", "--quiet"],
    { env: job.env() },
  );
  expect(result.stderr).toBe("");
  expect(result.code).toBe(ExitCode.ok);
  // bob's empty group cell takes --group: the same g-1 as ann's cell.
  expect(job.fake.state.get("g-1", { email: "bob@example.com" })).toBe("subscribed");
  expect(job.fake.state.get("  g-1 ", { email: "bob@example.com" })).toBeUndefined();
});
