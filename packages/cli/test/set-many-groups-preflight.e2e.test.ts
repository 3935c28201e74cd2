import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { useFakeJob } from "./support/fake-job.js";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

// README (Many groups in one job): the preflight read is made for the group of the first row
// the job sends. A first row the job never sends (a state cell that is no state, no state at
// all, a group id longer than the spec allows) must not decide it: its group was read, Braze
// refused it, and the whole job stopped (exit 4, every row `not_sent`) over a row that was
// `invalid` anyway, e.g. a template's sample row `ann@example.com,<group id>,<state>`.

const KEY = "many-groups-preflight-key-3c9d";
const job = useFakeJob(KEY);
const writes = () => job.fake.requests.filter((r) => r.method === "POST");
const reads = () => job.fake.requests.filter((r) => r.method === "GET");

/** Far longer than any group id the spec allows (the row is `invalid`, code `maxLength`). */
const TOO_LONG_GROUP = "g".repeat(2000);

afterEach(() => job.fake.setFaults(undefined));

describe("a multi-group job whose first row is never sent", () => {
  it.each([
    ["a state cell that is no state", "ann@example.com,typo-group,<state>", "enum"],
    ["no state, and no --state", "ann@example.com,typo-group,", "missing_state"],
    [
      "a group id longer than the spec allows",
      `ann@example.com,${TOO_LONG_GROUP},unsubscribed`,
      "maxLength",
    ],
  ])(
    "%s: the preflight reads the group of a row it sends, and the job goes on",
    async (_, first, code) => {
      job.fake.setFaults({ unknownGroups: ["typo-group", TOO_LONG_GROUP] });
      const input = join(job.dir, `${code}.csv`);
      const report = join(job.dir, `${code}.report.ndjson`);
      await writeFile(
        input,
        `email,group,state\n${first}\nbob@example.com,g-1,unsubscribed\ncid@example.com,g-2,subscribed\n`,
      );
      const result = await runBin(
        ["set", "--quiet", "--json", "--input", input, "--report", report],
        { env: job.env() },
      );
      const lines = await readNdjson<ReportLine & { group?: string }>(report);
      expect(lines.map((line) => [line.line, line.outcome, line.error?.code ?? null])).toEqual([
        [2, "invalid", code],
        [3, "succeeded", null],
        [4, "succeeded", null],
      ]);
      expect(result.code).toBe(3);
      expect(job.fake.state.get("g-1", { email: "bob@example.com" })).toBe("unsubscribed");
      expect(job.fake.state.get("g-2", { email: "cid@example.com" })).toBe("subscribed");
      // One read, of the first row sent (g-1, answered 200); one write.
      expect(reads().map((r) => r.status)).toEqual([200]);
      expect(writes()).toHaveLength(1);
    },
  );
});

// README (Many groups in one job): Braze refusing the first group alone (a 400: the key and
// URL work) stopped every row of every group, though only that group was bad. The preflight
// now reads the next group: the refused group's rows are not sent, the others go on.
describe("a multi-group job whose first group Braze refuses", () => {
  it("reads the next group; the refused group's rows end not_sent (preflight), every other row succeeds; exit 4 naming the group", async () => {
    job.fake.setFaults({ unknownGroups: ["typo-group"] });
    const input = join(job.dir, "first-group-refused.csv");
    const report = join(job.dir, "first-group-refused.report.ndjson");
    await writeFile(
      input,
      "email,group,state\nann@example.com,typo-group,unsubscribed\nbob@example.com,g-1,unsubscribed\ncid@example.com,typo-group,unsubscribed\ndan@example.com,g-2,subscribed\n",
    );
    const result = await runBin(["set", "--input", input, "--report", report], {
      env: job.env(),
    });
    const lines = await readNdjson<ReportLine & { group?: string; reason?: string }>(report);
    // Report lines come in the order rows settle: the refused group's first.
    lines.sort((a, b) => a.line - b.line);
    expect(lines.map((line) => [line.line, line.group, line.outcome, line.reason ?? null])).toEqual(
      [
        [2, "typo-group", "not_sent", "preflight"],
        [3, "g-1", "succeeded", null],
        [4, "typo-group", "not_sent", "preflight"],
        [5, "g-2", "succeeded", null],
      ],
    );
    expect(job.fake.state.get("g-1", { email: "bob@example.com" })).toBe("unsubscribed");
    expect(job.fake.state.get("g-2", { email: "dan@example.com" })).toBe("subscribed");
    expect(reads().map((r) => r.status)).toEqual([400, 200]);
    expect(writes().some((r) => JSON.stringify(r.body).includes("typo-group"))).toBe(false);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(
      'warning: group "typo-group": Braze refused the subscription group',
    );
    expect(result.stderr).toContain("its rows are not sent, the other groups go on");
    expect(result.stdout).toMatch(
      /not sent +2 \(the preflight read: Braze refused the subscription group/,
    );
    expect(result.stdout).toContain('rows of group "typo-group" not sent');
    expect(result.stdout).not.toContain("stopped before sending");
  });

  // A canary run (--limit) over a file whose first group Braze refuses: the limit's stop hid
  // the group's, and the run said "Done", "--limit reached" and exit 0 ("every valid
  // identifier succeeded") with that group's rows not sent. Before the preflight went on with
  // the other groups, the same run stopped whole: exit 4.
  it("--limit: the refused group's rows end not_sent (preflight), and the run exits 4 naming the group, not 0", async () => {
    job.fake.setFaults({ unknownGroups: ["typo-group"] });
    const input = join(job.dir, "limit-first-group-refused.csv");
    const report = join(job.dir, "limit-first-group-refused.report.ndjson");
    const rows = Array.from(
      { length: 20 },
      (_, i) => `user${i}@example.com,${i % 2 === 0 ? "typo-group" : "g-1"},unsubscribed`,
    );
    await writeFile(input, `email,group,state\n${rows.join("\n")}\n`);
    const run = (json: boolean) =>
      runBin(
        ["set", "--input", input, "--report", report, "--limit", "6", ...(json ? ["--json"] : [])],
        { env: job.env() },
      );
    const result = await run(false);
    const lines = await readNdjson<ReportLine & { group?: string; reason?: string }>(report);
    expect(lines).toHaveLength(20);
    const refused = lines.filter((line) => line.reason === "preflight");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((line) => line.group === "typo-group")).toBe(true);
    expect(writes().some((r) => JSON.stringify(r.body).includes("typo-group"))).toBe(false);
    expect(result.code).toBe(4);
    expect(result.stdout).toContain("Stopped early");
    expect(result.stdout).toContain('rows of group "typo-group" not sent');
    // The rows past the limit are not the group's: the limit is named too.
    expect(result.stdout).toMatch(/not sent +14 \(the preflight read: .*; --limit reached\)\n/);
    // --limit counts rows sent: 6 of the good group's, the refused group's not counted.
    expect(lines.filter((line) => line.outcome === "succeeded")).toHaveLength(6);
    const json = await run(true);
    expect(json.code).toBe(4);
    expect(JSON.parse(json.stdout)).toMatchObject({
      stopped: { reason: "preflight", status: 400 },
    });
  });

  // The CLI reads for the rows it sends among the first records; when none of those is sent
  // (a block of invalid rows on top), the runtime reads for the first request's rows itself.
  // Its refusal of a group alone stopped that group's rows as the CLI's does, but the run said
  // "stopped before sending" of a job that sent every other group's rows, and warned of none.
  it("no row sent among the first records: the runtime's own read refuses the group alone, and the run names it as the CLI's read does", async () => {
    job.fake.setFaults({ unknownGroups: ["typo-group"] });
    const input = join(job.dir, "late-first-group-refused.csv");
    const report = join(job.dir, "late-first-group-refused.report.ndjson");
    const invalid = Array.from({ length: 150 }, (_, i) => `not-an-email-${i},g-1,unsubscribed`);
    const rows = Array.from(
      { length: 20 },
      (_, i) => `user${i}@example.com,${i % 2 === 0 ? "typo-group" : "g-1"},unsubscribed`,
    );
    await writeFile(input, `email,group,state\n${[...invalid, ...rows].join("\n")}\n`);
    const result = await runBin(["set", "--input", input, "--report", report], {
      env: job.env(),
    });
    const lines = await readNdjson<ReportLine & { group?: string; reason?: string }>(report);
    expect(lines).toHaveLength(170);
    expect(lines.filter((line) => line.outcome === "succeeded")).toHaveLength(10);
    const refused = lines.filter((line) => line.reason === "preflight");
    expect(refused.map((line) => line.group)).toEqual(Array(10).fill("typo-group"));
    expect(reads().map((r) => r.status)).toEqual([400, 200]);
    expect(result.code).toBe(4);
    expect(result.stderr).toContain(
      'warning: group "typo-group": Braze refused the subscription group',
    );
    expect(result.stdout).toMatch(
      /not sent +10 \(the preflight read: Braze refused the subscription group/,
    );
    expect(result.stdout).toContain('rows of group "typo-group" not sent');
    expect(result.stdout).not.toContain("stopped before sending");
  });

  // The group cells are the file's: a wrong column may hold the key itself. The report, the
  // summary and the page mask it; the warning naming the refused group printed it.
  it("a refused group id that is the API key: masked in the warning as everywhere else", async () => {
    job.fake.setFaults({ unknownGroups: [KEY] });
    const input = join(job.dir, "key-as-group.csv");
    const report = join(job.dir, "key-as-group.report.ndjson");
    const rows = Array.from(
      { length: 6 },
      (_, i) => `user${i}@example.com,${i % 2 === 0 ? KEY : "g-1"},unsubscribed`,
    );
    await writeFile(input, `email,group,state\n${rows.join("\n")}\n`);
    const result = await runBin(["set", "--input", input, "--report", report], {
      env: job.env(),
    });
    expect(result.code).toBe(4);
    expect(reads().map((r) => r.status)).toEqual([400, 200]);
    expect(result.stderr).toMatch(/warning: group "[^"]+": Braze refused the subscription group/);
    expect(result.stderr).not.toContain(KEY);
    expect(result.stdout).not.toContain(KEY);
    expect(await readFile(report, "utf8")).not.toContain(KEY);
  });

  // A group the preflight did not read (past the first records) is still stopped by its
  // repeated refusals. The summary put both groups under the preflight read's refusal:
  // `(the preflight read: …; rows of groups "typo-group", "late-bad" not sent)`.
  it("a group the preflight refused and a later one stopped by repeated refusals: the summary tells which is which", async () => {
    job.fake.setFaults({ unknownGroups: ["typo-group", "late-bad"] });
    const input = join(job.dir, "preflight-and-late-refusal.csv");
    const report = join(job.dir, "preflight-and-late-refusal.report.ndjson");
    const first = Array.from(
      { length: 100 },
      (_, i) => `first${i}@example.com,${i % 2 === 0 ? "typo-group" : "g-1"},unsubscribed`,
    );
    const later = Array.from(
      { length: 400 },
      (_, i) => `later${i}@example.com,${i % 2 === 0 ? "late-bad" : "g-2"},unsubscribed`,
    );
    await writeFile(input, `email,group,state\n${[...first, ...later].join("\n")}\n`);
    // One request at a time: the late group stops before all its rows were sent.
    const result = await runBin(
      ["set", "--input", input, "--report", report, "--concurrency", "1"],
      { env: job.env() },
    );
    const lines = await readNdjson<ReportLine & { group?: string; reason?: string }>(report);
    expect(lines).toHaveLength(500);
    const groupsOf = (reason: string) =>
      new Set(lines.filter((l) => l.reason === reason).map((l) => l.group));
    expect(groupsOf("preflight")).toEqual(new Set(["typo-group"]));
    expect(groupsOf("systematic_failure")).toEqual(new Set(["late-bad"]));
    expect(result.code).toBe(4);
    expect(result.stdout).toMatch(
      /\(the preflight read: [^\n]*; rows of group "typo-group" not sent; rows of group "late-bad" not sent \(every request got the same answer\)\)\n/,
    );
  });

  it("every group read refused (three): the job stops before its first write, as it did for one", async () => {
    const bad = ["bad-1", "bad-2", "bad-3"];
    job.fake.setFaults({ unknownGroups: bad });
    const input = join(job.dir, "every-group-refused.csv");
    const rows = [...bad, "g-1"].map((group, i) => `user${i}@example.com,${group},unsubscribed`);
    await writeFile(input, `email,group,state\n${rows.join("\n")}\n`);
    const result = await runBin(["set", "--quiet", "--json", "--input", input], {
      env: job.env(),
    });
    expect(result.code).toBe(4);
    expect(reads().map((r) => r.status)).toEqual([400, 400, 400]);
    expect(writes()).toHaveLength(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      notSent: 4,
      stopped: { reason: "preflight", status: 400 },
    });
  });
});
