import type { ChildProcess } from "node:child_process";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { operationMetadata } from "@braze-subscriptions/client";
import { describe, expect, it } from "vitest";
import { useFakeJob } from "./support/fake-job.js";
import { runBin } from "./support/run-bin.js";

// `set` without --group/--state reads each row's group and state from the CSV (issue 19):
// one job, many groups, packed through the multi-group write.

const KEY = "many-groups-key-5e4d3c2b1a";
const V2 = operationMetadata.setSubscriptionStatusV2;
/** The spec's cap of one multi-group request, all groups together. */
const CAP = V2.requestBody.extensions["x-max-identifiers"] as number;

const job = useFakeJob(KEY);
const env = job.env;
const set = (args: string[]) => runBin(["set", "--quiet", "--json", ...args], { env: env() });
const writes = () => job.fake.requests.filter((r) => r.method === "POST");
const reportOf = async (path: string) =>
  (await readFile(path, "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown> & { line: number });
const stateOf = (group: string, email: string) => job.fake.state.get(group, { email });
const csvFile = async (name: string, text: string) => {
  const path = join(job.dir, name);
  await writeFile(path, text);
  return path;
};

it("sends 100,000 rows over 10 groups of uneven sizes in at most 1.02 × the fewest requests, and Braze then holds the file", {
  timeout: 240_000,
}, async () => {
  // Uneven groups, none a multiple of the cap, so one-group requests would each leave a
  // partial request behind per group and state.
  const sizes = [29_989, 20_011, 15_037, 9_973, 8_009, 6_991, 4_999, 3_001, 1_489, 501];
  const rows = sizes.reduce((sum, size) => sum + size, 0);
  expect(rows).toBe(100_000);
  // The minimum: a request holds at most CAP identifiers of any groups, so no job can send
  // these rows in fewer than ceil(rows / CAP) requests (2,000 at the spec's cap of 50).
  const minimum = Math.ceil(rows / CAP);
  // The same rows sent group by group (one group and state per request) would need:
  const states = (group: number, n: number) =>
    (n * 7 + group) % 3 === 0 ? "subscribed" : "unsubscribed";
  let perGroup = 0;
  for (const [group, size] of sizes.entries()) {
    let subscribed = 0;
    for (let n = 0; n < size; n += 1) if (states(group, n) === "subscribed") subscribed += 1;
    perGroup += Math.ceil(subscribed / CAP) + Math.ceil((size - subscribed) / CAP);
  }
  expect(perGroup).toBeGreaterThan(minimum);

  // Rows interleaved across groups (not sorted by group), the same person in several groups.
  const left = [...sizes];
  const next = [...sizes].map(() => 0);
  const lines = ["email,subscription_group_id,subscription_state"];
  const expected: Array<[string, string, string]> = [];
  for (let row = 0; row < rows; row += 1) {
    let group = (row * 7919) % sizes.length;
    while (left[group] === 0) group = (group + 1) % sizes.length;
    left[group] = (left[group] as number) - 1;
    const n = next[group] as number;
    next[group] = n + 1;
    const email = `person${n}@example.com`;
    const state = states(group, n);
    lines.push(`${email},group-${group},${state}`);
    expected.push([`group-${group}`, email, state]);
  }
  const input = await csvFile("groups.csv", `${lines.join("\n")}\n`);

  const run = await set(["--input", input, "--concurrency", "16"]);
  expect(run.stderr).toBe("");
  expect(run.code).toBe(0);
  const summary = JSON.parse(run.stdout);
  expect(summary).toMatchObject({ total: rows, succeeded: rows, invalid: 0, failed: 0 });
  const sent = writes();
  expect(sent.every((r) => r.path === V2.path)).toBe(true);
  expect(sent.length).toBe(summary.requests);
  expect(sent.length).toBeGreaterThanOrEqual(minimum);
  expect(sent.length).toBeLessThanOrEqual(Math.floor(minimum * 1.02));
  // Requests mix groups: that is how they stay full.
  expect(
    sent.some(
      (r) => ((r.body as { subscription_groups: unknown[] }).subscription_groups.length ?? 0) > 1,
    ),
  ).toBe(true);

  expect(job.fake.state.size).toBe(rows);
  const differing = expected.filter(([group, email, state]) => stateOf(group, email) !== state);
  expect(differing).toEqual([]);
});

describe("the group and state of each row", () => {
  it("takes --group and --state as the default of an empty cell", async () => {
    const input = await csvFile(
      "defaults.csv",
      "email,group,state\na@example.com,g-a,subscribed\nb@example.com,,subscribed\nc@example.com,g-a,\nd@example.com,,\n",
    );
    const report = join(job.dir, "defaults.report.ndjson");
    const run = await set([
      "--input",
      input,
      "--group",
      "g-default",
      "--state",
      "unsubscribed",
      "--report",
      report,
    ]);
    expect(run.code).toBe(0);
    expect(stateOf("g-a", "a@example.com")).toBe("subscribed");
    expect(stateOf("g-default", "b@example.com")).toBe("subscribed");
    expect(stateOf("g-a", "c@example.com")).toBe("unsubscribed");
    expect(stateOf("g-default", "d@example.com")).toBe("unsubscribed");
    // The report says which group and state each row was sent with.
    expect((await reportOf(report)).find((l) => l.line === 5)).toMatchObject({
      id: "d@example.com",
      group: "g-default",
      state: "unsubscribed",
      outcome: "succeeded",
    });
  });

  it("gives a row with neither cell nor flag, a bad cell, or a state reversing an earlier row's its own invalid line: one line per input row", async () => {
    const input = await csvFile(
      "bad-cells.csv",
      [
        "email,group,state",
        "ok@example.com,g-1,unsubscribed",
        "nogroup@example.com,,unsubscribed",
        "nostate@example.com,g-1,",
        "badstate@example.com,g-1,Opted Out",
        "not-an-email,g-1,unsubscribed",
        "ok@example.com,g-1,unsubscribed",
        "ok@example.com,g-1,subscribed",
        "",
      ].join("\n"),
    );
    const report = join(job.dir, "bad-cells.report.ndjson");
    const run = await set(["--input", input, "--report", report]);
    expect(run.code).toBe(3);
    expect(JSON.parse(run.stdout)).toMatchObject({
      total: 7,
      succeeded: 1,
      invalid: 5,
      duplicates: 1,
    });
    const lines = (await reportOf(report)).sort((a, b) => a.line - b.line);
    expect(lines.map((l) => l.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(lines.map((l) => [l.outcome, (l.error as { code?: string } | null)?.code])).toEqual([
      ["succeeded", undefined],
      ["invalid", "missing_group"],
      ["invalid", "missing_state"],
      ["invalid", "enum"],
      ["invalid", "format"],
      ["duplicate", undefined],
      ["invalid", "conflicting_state"],
    ]);
    expect(lines[1]?.error).toMatchObject({
      message: expect.stringMatching(/group cell is empty and no --group was given/),
    });
    // A later row reversing an earlier one is refused, not taken for a repeat.
    expect(lines[6]).toMatchObject({
      state: "subscribed",
      error: { message: expect.stringMatching(/"unsubscribed"/) },
    });
    expect(job.fake.state.size).toBe(1);
    expect(job.fake.state.get("g-1", { email: "ok@example.com" })).toBe("unsubscribed");
  });

  it("reads the v2 body's names too (subscription_group_id, subscription_state, any case), in a CSV report", async () => {
    const input = await csvFile(
      "aliases.csv",
      "External_ID;Subscription_Group_Id;SUBSCRIPTION_STATE\r\nu-1;g-x;subscribed\r\nu-2;g-y;unsubscribed\r\n",
    );
    const report = join(job.dir, "aliases.report.csv");
    const run = await set(["--input", input, "--report", report]);
    expect(run.code).toBe(0);
    expect(job.fake.state.get("g-x", { externalId: "u-1" })).toBe("subscribed");
    expect(job.fake.state.get("g-y", { externalId: "u-2" })).toBe("unsubscribed");
    const csv = await readFile(report, "utf8");
    expect(csv).toMatch(/^\uFEFFline,id,type,group,state,outcome,/);
    expect(csv).toMatch(/\r\n2,u-1,external_id,g-x,subscribed,succeeded,/);
  });

  it("refuses a header naming the group twice, and a job with no group from flag nor column", async () => {
    const twice = await csvFile("twice.csv", "email,group,subscription_group_id,state\n");
    const run = await set(["--input", twice]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/"group" \(column 2\) and "subscription_group_id" \(column 3\)/);
    const stateOnly = await csvFile("state-only.csv", "email,state\na@example.com,subscribed\n");
    const none = await set(["--input", stateOnly]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/missing required option --group <id> \(or a group column/);
    expect(job.fake.requests).toHaveLength(0);
  });
});

describe("what a multi-group job keeps, and what it refuses", () => {
  const input = () =>
    csvFile(
      "jobs.csv",
      `email,group,state\n${Array.from({ length: 120 }, (_, n) => `p${n}@example.com,g-${n % 3},${n % 2 ? "subscribed" : "unsubscribed"}`).join("\n")}\n`,
    );

  it("resumes from a checkpoint: a rerun of a finished job sends no write, every row resumed", async () => {
    const file = await input();
    const checkpoint = join(job.dir, "jobs.checkpoint");
    const report = join(job.dir, "jobs.report.ndjson");
    const args = ["--input", file, "--checkpoint", checkpoint, "--report", report];
    expect((await set(args)).code).toBe(0);
    const first = writes().length;
    expect(first).toBe(Math.ceil(120 / CAP));
    const rerun = await set(args);
    expect(rerun.code).toBe(0);
    expect(writes().length).toBe(first);
    const lines = await reportOf(report);
    expect(lines).toHaveLength(120);
    expect(lines.every((l) => l.outcome === "succeeded" && l.resumed === true)).toBe(true);
    // Another default is another job.
    const other = await set([...args, "--group", "g-other"]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/subscription group/);
  });

  it("stops on SIGINT (exit 130); the rerun sends the rest, and Braze then holds the file", async () => {
    const rows = 3_000;
    const file = await csvFile(
      "stopped.csv",
      `email,group,state\n${Array.from({ length: rows }, (_, n) => `s${n}@example.com,g-${n % 4},${n % 3 ? "subscribed" : "unsubscribed"}`).join("\n")}\n`,
    );
    const checkpoint = join(job.dir, "stopped.checkpoint");
    const report = join(job.dir, "stopped.report.ndjson");
    // Scaled down to 60 requests per second so the first run is still busy when stopped.
    const args = ["--input", file, "--checkpoint", checkpoint, "--report", report];
    const slow = ["--rate-limit", "6/100ms", "--concurrency", "4"];
    let child: ChildProcess | undefined;
    const first = runBin(["set", "--quiet", "--json", ...args, ...slow], {
      env: env(),
      onSpawn: (spawned) => {
        child = spawned;
      },
    });
    while (
      (await stat(checkpoint).then(
        (s) => s.size,
        () => 0,
      )) < 600
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    child?.kill("SIGINT");
    const stopped = await first;
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toMatch(/SIGINT: stopping/);
    const firstSummary = JSON.parse(stopped.stdout);
    expect(firstSummary.succeeded).toBeGreaterThan(0);
    expect(firstSummary.succeeded).toBeLessThan(rows);
    // One report line per row read, each once.
    const firstLines = await reportOf(report);
    expect(new Set(firstLines.map((l) => l.line)).size).toBe(firstLines.length);

    const rerun = await set(args);
    expect(rerun.code).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ total: rows, succeeded: rows });
    const lines = await reportOf(report);
    expect(lines).toHaveLength(rows);
    expect(lines.filter((l) => l.resumed).length).toBe(firstSummary.succeeded);
    for (let n = 0; n < rows; n += 1)
      expect(stateOf(`g-${n % 4}`, `s${n}@example.com`)).toBe(
        n % 3 ? "subscribed" : "unsubscribed",
      );
  });

  it("writes the job page with --html", async () => {
    const page = join(job.dir, "jobs.html");
    expect((await set(["--input", await input(), "--html", page])).code).toBe(0);
    const html = await readFile(page, "utf8");
    expect((await stat(page)).size).toBeGreaterThan(0);
    expect(html).toContain(String.raw`column \"group\"`);
  });

  it("passes --limit to the runtime: a canary, then the rest with the same checkpoint", async () => {
    const file = await input();
    const checkpoint = join(job.dir, "canary.checkpoint");
    const args = ["--input", file, "--checkpoint", checkpoint];
    const canary = await set([...args, "--limit", "60"]);
    expect(canary.code).toBe(0);
    expect(JSON.parse(canary.stdout)).toMatchObject({ succeeded: 60, notSent: 60 });
    expect(job.fake.state.size).toBe(60);
    const rest = await set(args);
    expect(rest.code).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ succeeded: 120, notSent: 0 });
    expect(job.fake.state.size).toBe(120);
  });

  it("passes --max-failures to the runtime, and stops only the rows of a first group Braze refuses", async () => {
    job.fake.setFaults({ rates: { 500: 1 } });
    try {
      const failing = await set([
        "--input",
        await input(),
        "--max-retries",
        "0",
        "--max-failures",
        "10",
      ]);
      expect(failing.code).toBe(4);
      expect(JSON.parse(failing.stdout).stopped).toMatchObject({ reason: "max_failures" });
      job.fake.setFaults({ unknownGroups: ["g-0"] });
      const report = join(job.dir, "refused.report.ndjson");
      const refused = await set(["--input", await input(), "--report", report]);
      expect(refused.code).toBe(4);
      // g-0's 40 rows (every third) are not sent; the preflight read the next group, g-1.
      expect(JSON.parse(refused.stdout)).toMatchObject({ notSent: 40, succeeded: 80 });
      const lines = await reportOf(report);
      const notSent = lines.filter((l) => l.outcome === "not_sent");
      expect(notSent.every((l) => l.reason === "preflight" && l.group === "g-0")).toBe(true);
      // The 500 above, then g-1 and g-2's writes: none carries g-0.
      expect(
        writes()
          .slice(1)
          .some((r) => JSON.stringify(r.body).includes('"g-0"')),
      ).toBe(false);
    } finally {
      job.fake.setFaults(undefined);
    }
  });

  it("--dry-run sends nothing and counts what the real run then sends: rows, invalid, duplicates, requests", async () => {
    const lines = ["email,group,state"];
    for (let n = 0; n < 137; n += 1)
      lines.push(`p${n}@example.com,g-${n % 4},${n % 3 ? "subscribed" : "unsubscribed"}`);
    lines.push("p1@example.com,g-1,subscribed"); // a duplicate in its group
    lines.push("p1@example.com,g-2,subscribed"); // another group: another row
    lines.push("nogroup@example.com,,subscribed"); // missing_group
    lines.push("bad@example.com,g-1,Opted Out"); // enum
    const input = await csvFile("dry.csv", `${lines.join("\n")}\n`);
    const dryReport = join(job.dir, "dry.report.ndjson");

    const dry = await set(["--input", input, "--dry-run", "--report", dryReport]);
    expect(dry.stderr).toBe("");
    expect(dry.code).toBe(3); // invalid rows, as the real run
    expect(job.fake.requests).toHaveLength(0);
    const plan = JSON.parse(dry.stdout);
    expect(plan).toMatchObject({ dryRun: true, total: 141, valid: 138, invalid: 2, duplicates: 1 });
    // The dry run's report lines carry the row's group and state, as the real run's do.
    expect((await reportOf(dryReport)).map((l) => [l.line, l.outcome, l.group, l.state])).toEqual([
      [139, "duplicate", "g-1", "subscribed"],
      [141, "invalid", undefined, "subscribed"],
      [142, "invalid", "g-1", "Opted Out"],
    ]);
    const text = await runBin(["set", "--quiet", "--input", input, "--dry-run"], { env: env() });
    expect(text.stdout).toMatch(
      new RegExp(`requests +${plan.requests} \\(up to ${CAP} identifiers of any groups each\\)`),
    );

    const real = await set(["--input", input]);
    expect(real.code).toBe(3);
    const summary = JSON.parse(real.stdout);
    expect(writes()).toHaveLength(plan.requests);
    expect(summary.requests).toBe(plan.requests);
    // 138 rows over four groups and two states, merged: the fewest requests the cap allows.
    expect(plan.requests).toBe(Math.ceil(138 / CAP));
    expect(summary).toMatchObject({
      total: plan.total,
      succeeded: plan.valid,
      invalid: plan.invalid,
      duplicates: plan.duplicates,
    });
  });

  it("--double-opt-in sends use_double_opt_in_logic with every group entry of the multi-group write", async () => {
    const file = await input();
    const run = await set(["--input", file, "--double-opt-in"]);
    expect(run.code).toBe(0);
    const sent = writes();
    expect(sent.length).toBe(JSON.parse(run.stdout).requests);
    const entries = sent.flatMap(
      (r) =>
        (r.body as { subscription_groups: Array<Record<string, unknown>> }).subscription_groups,
    );
    // Three groups, two states: each request's entries, all with the flag.
    expect(entries.length).toBeGreaterThanOrEqual(6);
    expect(entries.every((entry) => entry.use_double_opt_in_logic === true)).toBe(true);
    // Without the flag, the body leaves it out (Braze's default: false).
    job.fake.reset();
    await set(["--input", file]);
    const plain = writes().flatMap(
      (r) =>
        (r.body as { subscription_groups: Array<Record<string, unknown>> }).subscription_groups,
    );
    expect(plain.some((entry) => "use_double_opt_in_logic" in entry)).toBe(false);
  });

  it("refuses --skip-unchanged clearly, sending nothing", async () => {
    const run = await set(["--input", await input(), "--skip-unchanged"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /--skip-unchanged is not available for a job whose CSV gives each row its group or state/,
    );
    expect(job.fake.requests).toHaveLength(0);
  });

  it("verify --from-report reads back one group and state of the report; verify --input refuses the columns", async () => {
    const file = await input();
    const report = join(job.dir, "verify-me.report.ndjson");
    expect((await set(["--input", file, "--report", report])).code).toBe(0);
    const verify = await runBin(
      [
        "verify",
        "--group",
        "g-1",
        "--state",
        "subscribed",
        "--from-report",
        report,
        "--json",
        "--quiet",
      ],
      { env: env() },
    );
    expect(verify.code).toBe(0);
    // Rows n with n % 3 = 1 and n odd: 20 of the 120.
    expect(JSON.parse(verify.stdout)).toMatchObject({ total: 20, matches: 20 });
    const refused = await runBin(
      ["verify", "--group", "g-1", "--state", "subscribed", "--input", file],
      { env: env() },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/verify reads one group/);
  });

  it("verify --from-report reads back a row refused as conflicting_state: its state did not land, so it differs (exit 3)", async () => {
    const file = await csvFile(
      "reversed.csv",
      [
        "email,group,state",
        "ann@example.com,g-1,subscribed",
        "bob@example.com,g-1,unsubscribed",
        "ann@example.com,g-1,unsubscribed",
        "",
      ].join("\n"),
    );
    const report = join(job.dir, "reversed.report.ndjson");
    expect((await set(["--input", file, "--report", report])).code).toBe(3);
    const verify = (state: string, out: string) =>
      runBin(
        [
          "verify",
          ...["--group", "g-1", "--state", state, "--from-report", report],
          ...["--report", join(job.dir, out), "--json", "--quiet"],
        ],
        { env: env() },
      );
    // Line 4 asked for ann unsubscribed; the job refused it, and Braze holds "subscribed".
    const unsubscribed = await verify("unsubscribed", "reversed.verify-unsub.ndjson");
    expect(unsubscribed.code).toBe(3);
    expect(JSON.parse(unsubscribed.stdout)).toMatchObject({ total: 2, matches: 1, differs: 1 });
    const lines = await reportOf(join(job.dir, "reversed.verify-unsub.ndjson"));
    expect(lines.find((l) => l.line === 4)).toMatchObject({
      id: "ann@example.com",
      outcome: "differs",
      state: "subscribed",
    });
    // The row that landed verifies clean.
    const subscribed = await verify("subscribed", "reversed.verify-sub.ndjson");
    expect(subscribed.code).toBe(0);
    expect(JSON.parse(subscribed.stdout)).toMatchObject({ total: 1, matches: 1 });
    // The whole job at once (neither flag): both pairs read back, the refused row still differs.
    const whole = await runBin(["verify", "--from-report", report, "--json", "--quiet"], {
      env: env(),
    });
    expect(whole.code).toBe(3);
    expect(JSON.parse(whole.stdout)).toMatchObject({ total: 3, matches: 2, differs: 1 });
  });
});
