import type { ChildProcess } from "node:child_process";
import { readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readNdjson } from "./support/inputs.js";
import { type RoutingProxy, startRoutingProxy } from "./support/routing-proxy.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

const KEY = "all-pairs-key-4e5f6a7b8c";

interface VerifyLine {
  line: number;
  id: string;
  type: string;
  group?: string;
  expected?: string;
  outcome: string;
  state: string | null;
  error: { code: string } | null;
}

interface SetLine {
  line: number;
  id: string;
  group: string;
  state: string;
}

/** Rows of a multi-group CSV: `[email, group, state]`, interleaved as a CRM export has them. */
function rowsOf(pairs: Array<[group: string, state: string, count: number]>): string[][] {
  const rows: string[][] = [];
  const left = pairs.map(([, , count]) => count);
  for (let round = 0; left.some((n) => n > 0); round++)
    pairs.forEach(([group, state], k) => {
      if ((left[k] as number) <= 0) return;
      left[k] = (left[k] as number) - 1;
      rows.push([`${group}-${state}-${round}@example.com`, group, state]);
    });
  return rows;
}

/**
 * One fake, reached through a proxy that records every path asked (the query names the group
 * read), and a temp dir; `set` writes a multi-group job straight to the fake.
 */
function useFakeThroughProxy(options: Parameters<typeof startBrazeFake>[0] = {}) {
  const state = {} as { fake: BrazeFake; proxy: RoutingProxy; dir: string; paths: string[] };
  const temp = useTempDir();
  beforeAll(async () => {
    state.dir = temp.dir;
    state.paths = [];
    state.fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false, ...options });
    state.proxy = await startRoutingProxy(state.fake.url, (path) => {
      state.paths.push(path);
      return path;
    });
  });
  afterAll(async () => {
    await state.proxy?.close();
    await state.fake?.close();
  });
  const env = () => ({ BRAZE_API_KEY: KEY, BRAZE_REST_URL: state.proxy.origin });
  /** The groups of the reads asked since `from` (each read names one). */
  const readGroups = (from = 0) =>
    state.paths
      .slice(from)
      .filter((path) => path.startsWith("/subscription/status/get"))
      .map((path) => new URL(path, "http://x").searchParams.getAll("subscription_group_id"));
  async function setJob(name: string, rows: string[][], ...extra: string[]): Promise<string> {
    const input = join(state.dir, `${name}.csv`);
    await writeFile(
      input,
      `${["email,group,state", ...rows.map((r) => r.join(","))].join("\n")}\n`,
    );
    const report = join(state.dir, `${name}.report.ndjson`);
    const set = await runBin(
      ["set", "--input", input, "--report", report, "--quiet", "--no-preflight", ...extra],
      { env: env() },
    );
    expect(set.code, set.stderr).toBe(0);
    return report;
  }
  return { state, env, readGroups, setJob };
}

/**
 * A job whose rows carry their own group and state is proven by one `verify --from-report`:
 * every group and state of it read back, one summary, one report, one page, exit 0 only when
 * every line of every pair matches. (It used to exit 2, listing the pairs to verify one by
 * one: the proof of one job was as many runs, reports and pages.)
 */
describe("verify --from-report <multi-group report>, no --group/--state: every pair", () => {
  const job = useFakeThroughProxy();
  const PAIRS: Array<[string, string, number]> = [
    ["g-news", "unsubscribed", 120],
    ["g-promo", "subscribed", 80],
    ["g-news", "subscribed", 30],
  ];

  it("reads back every pair (one group per read), one summary with per-pair counts, lines with group and expected, one job record and page; exit 3 when one pair did not all land", async () => {
    const rows = rowsOf(PAIRS);
    const report = await job.setJob("whole", rows);
    const verify = (out: string, ...extra: string[]) =>
      runBin(
        [
          ...["verify", "--from-report", report, "--report", out, "--quiet"],
          ...["--html", join(job.state.dir, "whole.html"), ...extra],
        ],
        { env: job.env() },
      );
    const out = join(job.state.dir, "whole.verify.ndjson");
    const from = job.state.paths.length;
    const done = await verify(out, "--json");
    expect(done.stderr).toBe("");
    expect(done.code).toBe(0);
    const summary = JSON.parse(done.stdout);
    expect(summary).toMatchObject({ total: 230, matches: 230, differs: 0, unknown: 0 });
    expect(summary.pairs).toEqual(
      PAIRS.map(([group, state, lines]) => ({
        group,
        state,
        lines,
        matches: lines,
        differs: 0,
        unknown: 0,
        invalid: 0,
        failed: 0,
        duplicates: 0,
        requests: expect.any(Number),
        notRead: 0,
      })),
    );
    // Each read asks one group; the pairs are read one after another, in the report's order,
    // after verify's check of its settings (one read of the first pair's group).
    const groups = job.readGroups(from);
    expect(groups.every((names) => names.length === 1)).toBe(true);
    const [check, ...order] = groups.map(([group]) => group);
    expect(check).toBe("g-news");
    expect(order.length).toBe(summary.requests);
    expect(order).toEqual(["g-news", "g-news", "g-news", "g-promo", "g-promo", "g-news"]);

    // Every line of the set report has one verify line naming its group and expected state.
    const setLines = await readNdjson<SetLine>(report);
    const lines = await readNdjson<VerifyLine>(out);
    expect(lines.length).toBe(230);
    const byLine = new Map(lines.map((line) => [line.line, line]));
    for (const set of setLines)
      expect(byLine.get(set.line), String(set.line)).toMatchObject({
        id: set.id,
        group: set.group,
        expected: set.state,
        outcome: "matches",
        state: set.state,
      });
    // The job record and the page name the groups and states verified.
    const record = JSON.parse(await readFile(`${out}.job.json`, "utf8"));
    expect(record.job).toMatchObject({
      kind: "verify",
      groups: ["g-news", "g-promo"],
      states: ["unsubscribed", "subscribed"],
      exitCode: 0,
    });
    expect(record.job.pairs).toEqual(
      PAIRS.map(([group, state, lines]) => ({ group, state, lines })),
    );
    expect((await stat(join(job.state.dir, "whole.html"))).size).toBeGreaterThan(0);

    // Ten rows of one pair did not land: exit 3, and the summary says which pair.
    for (const [email, group, state] of rows.filter(([, g]) => g === "g-promo").slice(0, 10))
      job.state.fake.state.set(
        group as string,
        { email: email as string },
        state === "subscribed" ? "unsubscribed" : "subscribed",
      );
    const again = await verify(join(job.state.dir, "again.verify.ndjson"));
    expect(again.code).toBe(3);
    expect(again.stdout).toMatch(
      /^verify: 10 of 230 lines of .*whole\.report\.ndjson are not in the state its row set in its group$/m,
    );
    // The pair to look at comes first.
    expect(again.stdout).toMatch(
      /matches 220, differs 10, .*\n {2}group g-promo, subscribed: 80 lines, matches 70, differs 10, unknown 0, failed 0\n {2}group g-news, unsubscribed: 120 lines, matches 120/,
    );
  });

  it("a CSV --report has the group and expected columns after type", async () => {
    const report = await job.setJob(
      "csv",
      rowsOf([
        ["g-a", "unsubscribed", 3],
        ["g-b", "subscribed", 2],
      ]),
    );
    const out = join(job.state.dir, "csv.verify.csv");
    const done = await runBin(["verify", "--from-report", report, "--report", out, "--quiet"], {
      env: job.env(),
    });
    expect(done.code).toBe(0);
    const [header, ...lines] = (await readFile(out, "utf8")).trim().split(/\r?\n/);
    expect(header).toBe(
      "line,id,type,group,expected,outcome,state,error.code,error.message,error.status",
    );
    expect(
      lines.filter((line) => line.includes(",g-b,subscribed,matches,subscribed,")).length,
    ).toBe(2);
  });

  it("a line without a group among a multi-group job's lines (reports pasted together) is exit 2, nothing read: no pair would read it back", async () => {
    const report = join(job.state.dir, "pasted.report.ndjson");
    const line = (n: number, extra: Record<string, string>) =>
      JSON.stringify({
        line: n,
        id: `u${n}@example.com`,
        type: "email",
        ...extra,
        outcome: "succeeded",
        error: null,
      });
    await writeFile(
      report,
      `${[line(2, { group: "g-a", state: "unsubscribed" }), line(3, { group: "g-b", state: "subscribed" }), line(4, {})].join("\n")}\n`,
    );
    const from = job.state.paths.length;
    const done = await runBin(["verify", "--from-report", report, "--quiet"], { env: job.env() });
    expect(done.stderr).toMatch(/pasted\.report\.ndjson:3: a line without a group or state/);
    expect(done.code).toBe(2);
    expect(job.readGroups(from)).toEqual([]);
  });

  it("--group and --state still read one pair, with the lines as before (no group, no expected)", async () => {
    const report = await job.setJob(
      "one",
      rowsOf([
        ["g-a", "unsubscribed", 3],
        ["g-b", "subscribed", 2],
      ]),
    );
    const out = join(job.state.dir, "one.verify.ndjson");
    const done = await runBin(
      ["verify", "--from-report", report, "--group", "g-b", "--report", out, "--json", "--quiet"],
      { env: job.env() },
    );
    expect(done.code).toBe(0);
    const summary = JSON.parse(done.stdout);
    expect(summary).toMatchObject({ total: 2, matches: 2 });
    expect(summary.pairs).toBeUndefined();
    for (const line of await readNdjson<VerifyLine>(out)) {
      expect(line.group).toBeUndefined();
      expect(line.expected).toBeUndefined();
    }
  });
});

/** The fake's clock, frozen until a test moves it: writes land `APPLY_MS` after they are made. */
let clock = Date.now();
const APPLY_MS = 60_000;

describe("verify every pair with --settle: one deadline across the pairs", () => {
  const job = useFakeThroughProxy({ now: () => clock, applyDelayMs: APPLY_MS });

  it("reads every pair once first, then re-reads what does not match yet across all of them; exit 0 once the writes land", async () => {
    const report = await job.setJob(
      "settle",
      rowsOf([
        ["s-1", "unsubscribed", 60],
        ["s-2", "subscribed", 60],
      ]),
    );
    const from = job.state.paths.length;
    const out = join(job.state.dir, "settle.verify.ndjson");
    const running = runBin(
      ["verify", "--from-report", report, "--settle", "30s", "--report", out, "--json", "--quiet"],
      { env: job.env() },
    );
    // First reads: 2 per pair (60 lines, 50 per read). Then re-reads of both pairs: the writes
    // are not visible yet (the fake's clock stands still).
    let exited = false;
    void running.then(() => (exited = true));
    // (A run that ends without reading, as before every pair was read back, fails below.)
    // (And verify's check of its settings before them: one read of the first pair's group.)
    while (!exited && job.readGroups(from).length < 9) await new Promise((r) => setTimeout(r, 20));
    clock += APPLY_MS + 1;
    const done = await running;
    expect(done.code).toBe(0);
    expect(JSON.parse(done.stdout)).toMatchObject({ total: 120, matches: 120 });
    const [check, ...order] = job.readGroups(from).map(([group]) => group);
    expect(check).toBe("s-1");
    // Each pair read once in the report's order, then both settled together (not s-1's
    // settling before s-2 was even read: one deadline, not one per pair).
    expect(order.slice(0, 4)).toEqual(["s-1", "s-1", "s-2", "s-2"]);
    expect(order.slice(4, 8).sort()).toEqual(["s-1", "s-1", "s-2", "s-2"]);
    const lines = await readNdjson<VerifyLine>(out);
    expect(lines.every((line) => line.outcome === "matches")).toBe(true);
  }, 60_000);
});

describe("verify every pair, stopped by SIGINT", () => {
  // Slow reads, so that the signal lands while the first pair is read.
  const job = useFakeThroughProxy({ latencyMs: 100 });

  it("answers the reads on the wire, reads no other pair, names the pairs and lines not verified, exits 130", async () => {
    const report = await job.setJob(
      "stop",
      rowsOf([
        ["p-1", "unsubscribed", 1_000],
        ["p-2", "unsubscribed", 1_000],
        ["p-3", "subscribed", 500],
      ]),
      "--concurrency",
      "8",
    );
    const from = job.state.paths.length;
    const out = join(job.state.dir, "stop.verify.ndjson");
    let child: ChildProcess | undefined;
    const running = runBin(
      ["verify", "--from-report", report, "--report", out, "--concurrency", "2", "--quiet"],
      { env: job.env(), onSpawn: (c) => (child = c) },
    );
    let exited = false;
    void running.then(() => (exited = true));
    while (!exited && job.readGroups(from).length < 6) await new Promise((r) => setTimeout(r, 20));
    child?.kill("SIGINT");
    const done = await running;
    expect(done.code).toBe(130);
    expect(done.stdout).toMatch(
      /^verify: stopped by SIGINT: \d+ lines of .*stop\.report\.ndjson read, \d+ of them not in the state its row set in its group; lines not read were not verified \(rerun to verify them\): \d+ of 1000 lines of group p-1, unsubscribed; 1000 of 1000 lines of group p-2, unsubscribed; 500 of 500 lines of group p-3, subscribed$/m,
    );
    expect(done.stdout).not.toMatch(/every line/);
    // No other pair was read; every line in the report is p-1's, read or dropped unsent.
    expect(new Set(job.readGroups(from).map(([group]) => group))).toEqual(new Set(["p-1"]));
    const lines = await readNdjson<VerifyLine>(out);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.group === "p-1")).toBe(true);
    expect(
      lines.every(
        (line) =>
          line.outcome === "matches" ||
          (line.outcome === "failed" && line.error?.code === "aborted"),
      ),
    ).toBe(true);
    const record = JSON.parse(await readFile(`${out}.job.json`, "utf8"));
    expect(record.job.exitCode).toBe(130);
  }, 60_000);
});
