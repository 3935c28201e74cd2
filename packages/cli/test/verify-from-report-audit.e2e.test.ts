import type { ChildProcess } from "node:child_process";
import { appendFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeJob } from "./support/fake-job.js";
import { readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

const KEY = "audit-key-7c6b5a4d3e";
const GROUP = "optouts";

interface Line {
  line: number;
  outcome: string;
}

/**
 * `verify --from-report` is how an ops person shows that every opt-out of a job landed: it
 * must not exit 0 while rows of the set job did not succeed, nor on the report of a run that
 * stopped before it read its whole input.
 */
describe("verify --from-report: exit 0 only when every row of the set job landed", () => {
  const job = useFakeJob(KEY);

  async function input(name: string, rows: number, extra: string[] = []): Promise<string> {
    const path = join(job.dir, `${name}.csv`);
    const lines = ["email", ...extra];
    for (let i = 0; i < rows; i++) lines.push(`${name}-${i}@example.com`);
    await writeFile(path, `${lines.join("\n")}\n`);
    return path;
  }

  const set = (file: string, report: string, ...extra: string[]) =>
    runBin(
      [
        ...["set", "--group", GROUP, "--state", "unsubscribed", "--input", file],
        ...["--report", report, "--json", "--quiet", "--no-preflight", ...extra],
      ],
      { env: job.env() },
    );
  const verify = (report: string, out: string) =>
    runBin(
      [
        ...["verify", "--group", GROUP, "--state", "unsubscribed", "--from-report", report],
        ...["--report", out, "--json", "--quiet"],
      ],
      { env: job.env() },
    );

  it("reads back the failed rows too: they did not land, so it exits 3 and says which", async () => {
    const file = await input("failed", 1_000);
    const report = join(job.dir, "failed.report.ndjson");
    job.fake.setFaults({ seed: 4, rates: { 500: 0.3 } });
    const run = await set(file, report, "--max-retries", "0");
    job.fake.setFaults({ rates: {} });
    const summary = JSON.parse(run.stdout);
    expect(run.code).toBe(3);
    expect(summary.failed).toBeGreaterThan(0);

    const out = join(job.dir, "failed.verify.ndjson");
    const checked = await verify(report, out);
    expect(checked.code).toBe(3);
    expect(JSON.parse(checked.stdout)).toMatchObject({
      total: 1_000,
      matches: summary.succeeded,
      unknown: summary.failed,
    });
    const lines = await readNdjson<Line>(out);
    const setLines = await readNdjson<Line>(report);
    const failedInSet = new Set(setLines.filter((l) => l.outcome === "failed").map((l) => l.line));
    expect(
      lines
        .filter((l) => l.outcome === "unknown")
        .map((l) => l.line)
        .sort(),
    ).toEqual([...failedInSet].sort());
  });

  it("reads back the not_sent rows of a canary (--limit): exit 3, they are unknown", async () => {
    const file = await input("canary", 200);
    const report = join(job.dir, "canary.report.ndjson");
    expect((await set(file, report, "--limit", "50")).code).toBe(0);
    const checked = await verify(report, join(job.dir, "canary.verify.ndjson"));
    expect(checked.code).toBe(3);
    expect(JSON.parse(checked.stdout)).toMatchObject({ total: 200, matches: 50, unknown: 150 });
  });

  it("leaves the set's invalid and duplicate lines out (never sendable): the rest matches, exit 0", async () => {
    const file = await input("invalid", 100, ["not-an-address", "invalid-0@example.com"]);
    const report = join(job.dir, "invalid.report.ndjson");
    expect((await set(file, report)).code).toBe(3);
    const checked = await verify(report, join(job.dir, "invalid.verify.ndjson"));
    expect(JSON.parse(checked.stdout)).toMatchObject({ total: 100, matches: 100, invalid: 0 });
    expect(checked.code).toBe(0);
  });

  it("a report with no job record beside it (its run was killed) cannot prove the job: exit 3", async () => {
    const file = await input("norecord", 100);
    const report = join(job.dir, "norecord.report.ndjson");
    expect((await set(file, report)).code).toBe(0);
    const out = join(job.dir, "norecord.verify.ndjson");
    expect((await verify(report, out)).code).toBe(0);
    await rm(`${report}.job.json`);
    const checked = await verify(report, out);
    expect(JSON.parse(checked.stdout)).toMatchObject({ total: 100, matches: 100 });
    expect(checked.stderr).toMatch(/warning: .*norecord\.report\.ndjson: there is no job record/);
    expect(checked.code).toBe(3);
  });

  const reads = () => job.fake.requests.filter((r) => r.method === "GET").length;

  it("refuses a verify report (whose unknown lines it skipped, exiting 0): exit 2, nothing read", async () => {
    // A verify report's `state` is what Braze held; read as a set report's row state, every
    // line not already matching was left out and the rest "proved" the job.
    const file = await input("reverify", 3);
    const report = join(job.dir, "reverify.report.ndjson");
    expect((await set(file, report)).code).toBe(0);
    job.fake.reset(); // the writes are lost: two lines will be unknown
    job.fake.state.set(GROUP, { email: "reverify-0@example.com" }, "unsubscribed");
    const first = join(job.dir, "reverify.verify.ndjson");
    expect((await verify(report, first)).code).toBe(3);
    const before = reads();
    const again = await verify(first, join(job.dir, "reverify.again.ndjson"));
    expect(again.stderr).toMatch(/reverify\.verify\.ndjson is the report of a verify run/);
    expect(again.code).toBe(2);
    // Without its job record, its lines say what it is.
    await rm(`${first}.job.json`);
    const bare = await verify(first, join(job.dir, "reverify.again.ndjson"));
    expect(bare.stderr).toMatch(
      /reverify\.verify\.ndjson:\d+: outcome "(matches|unknown)" is not a set report's/,
    );
    expect(bare.code).toBe(2);
    expect(reads()).toBe(before);
  });

  it("refuses another group or state than the set job's (its job record says which): exit 2, nothing read", async () => {
    // The job unsubscribed these from GROUP; in another group they happen to be subscribed.
    // Reading them there "proved" the job with exit 0.
    const file = await input("othergroup", 3);
    const report = join(job.dir, "othergroup.report.ndjson");
    expect((await set(file, report)).code).toBe(0);
    for (let i = 0; i < 3; i++)
      job.fake.state.set("other", { email: `othergroup-${i}@example.com` }, "subscribed");
    const before = reads();
    const elsewhere = (group: string, state: string) =>
      runBin(
        [
          ...["verify", "--group", group, "--state", state, "--from-report", report],
          ...["--json", "--quiet"],
        ],
        { env: job.env() },
      );
    const other = await elsewhere("other", "subscribed");
    expect(other.stderr).toMatch(
      /othergroup\.report\.ndjson is the report of a set job on group optouts, state unsubscribed/,
    );
    expect(other.code).toBe(2);
    expect((await elsewhere(GROUP, "subscribed")).code).toBe(2);
    expect(reads()).toBe(before);
    expect((await elsewhere(GROUP, "unsubscribed")).code).toBe(0);
  });

  it("reads back the set job's own group and state when --group and --state are left out; one flag that several groups fit, or no job record, needs both (exit 2, nothing read)", async () => {
    const file = await input("ownjob", 20);
    const report = join(job.dir, "ownjob.report.ndjson");
    expect((await set(file, report)).code).toBe(0);
    const bare = (from: string, ...extra: string[]) =>
      runBin(["verify", "--from-report", from, "--json", "--quiet", ...extra], {
        env: job.env(),
      });
    const own = await bare(report);
    expect(own.stderr).toBe("");
    expect(JSON.parse(own.stdout)).toMatchObject({ total: 20, matches: 20 });
    expect(own.code).toBe(0);
    // One flag given: the other is still the job's, and the given one must be the job's.
    expect((await bare(report, "--state", "unsubscribed")).code).toBe(0);
    expect((await bare(report, "--group", "other")).code).toBe(2);

    const many = join(job.dir, "many.csv");
    await writeFile(
      many,
      "email,group,state\na@example.com,g1,unsubscribed\nb@example.com,g2,unsubscribed\n",
    );
    const manyReport = join(job.dir, "many.report.ndjson");
    const setMany = await runBin(
      ["set", "--input", many, "--report", manyReport, "--json", "--quiet", "--no-preflight"],
      { env: job.env() },
    );
    expect(setMany.code).toBe(0);
    // Neither flag: every group and state of the job is read back (see verify-all-pairs).
    const whole = await bare(manyReport);
    expect(JSON.parse(whole.stdout)).toMatchObject({ total: 2, matches: 2 });
    expect(whole.code).toBe(0);
    const before = reads();
    // One flag that several pairs fit: exit 2 naming them, nothing read.
    const severalGroups = await bare(manyReport, "--state", "unsubscribed");
    expect(severalGroups.stderr).toMatch(
      /missing required option --group <id>: .*many\.report\.ndjson is the report of a job whose rows carry their own group and state, and several fit: give both flags for one of --group g1 --state unsubscribed \(1 line\), --group g2 --state unsubscribed \(1 line\); or neither, to read back every pair$/m,
    );
    expect(severalGroups.code).toBe(2);
    // One group given: its one state is the rows'.
    const g2 = await bare(manyReport, "--group", "g2");
    expect(JSON.parse(g2.stdout)).toMatchObject({ total: 1, matches: 1 });
    expect(g2.code).toBe(0);
    await rm(`${report}.job.json`);
    const noRecord = await bare(report);
    expect(noRecord.stderr).toMatch(
      /missing required option --group <id> and --state <subscribed\|unsubscribed>: .*has no usable job record/,
    );
    expect(noRecord.code).toBe(2);
    // g2's verify alone read: its check of the settings, then its one line.
    expect(reads()).toBe(before + 2);
  });

  it("refuses a report whose lines hold two identifier types (the other type's lines were dropped unread): exit 2", async () => {
    const file = await input("twotypes", 3);
    const report = join(job.dir, "twotypes.report.ndjson");
    expect((await set(file, report)).code).toBe(0);
    // Another job's line pasted in: a set job reads one identifier type.
    await appendFile(
      report,
      `${JSON.stringify({ line: 9, id: "user-77", type: "external_id", outcome: "succeeded", error: null })}\n`,
    );
    const before = reads();
    const checked = await verify(report, join(job.dir, "twotypes.verify.ndjson"));
    expect(checked.stderr).toMatch(
      /twotypes\.report\.ndjson:4: a line of type external_id among lines of type email/,
    );
    expect(checked.code).toBe(2);
    expect(reads()).toBe(before);
  });

  it("the report of a run stopped by SIGINT: exit 3 and a warning; after the resumed run, exit 0", async () => {
    const file = await input("stopped", 6_000);
    const report = join(job.dir, "stopped.report.ndjson");
    const checkpoint = join(job.dir, "stopped.checkpoint");
    const args = ["--checkpoint", checkpoint, "--rate-limit", "6/100ms", "--concurrency", "2"];
    let child: ChildProcess | undefined;
    const running = runBin(
      [
        ...["set", "--group", GROUP, "--state", "unsubscribed", "--input", file],
        ...["--report", report, "--json", "--quiet", "--no-preflight", ...args],
      ],
      { env: job.env(), onSpawn: (c) => (child = c) },
    );
    while (
      (await stat(report).then(
        (s) => s.size,
        () => 0,
      )) < 2_000
    )
      await new Promise((resolve) => setTimeout(resolve, 50));
    child?.kill("SIGINT");
    expect((await running).code).toBe(130);
    const stopped = await verify(report, join(job.dir, "stopped.verify.ndjson"));
    expect(stopped.stderr).toMatch(
      /the set run that wrote it was interrupted by SIGINT \(exit 130\)/,
    );
    expect(stopped.code).toBe(3);

    expect((await set(file, report, ...args.slice(0, 2))).code).toBe(0);
    const done = await verify(report, join(job.dir, "done.verify.ndjson"));
    expect(done.stderr).toBe("");
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ total: 6_000, matches: 6_000 });
  }, 60_000);
});
