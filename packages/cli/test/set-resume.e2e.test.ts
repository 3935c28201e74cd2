import type { ChildProcess } from "node:child_process";
import { readFile, stat, utimes, writeFile } from "node:fs/promises";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ReportLine, readNdjson, writeEmailCsv } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

const KEY = "resume-key-8d1e5c3a90";
const ROWS = 6_000;
const CONCURRENCY = 4;

describe("set --checkpoint: a run stopped mid-way, then rerun", () => {
  let fake: BrazeFake;
  const temp = useTempDir();

  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    await fake?.close();
  });

  const args = (name: string, group: string) => [
    "set",
    "--group",
    group,
    "--state",
    "unsubscribed",
    "--input",
    temp.path(`${name}.csv`),
    "--base-url",
    fake.url,
    "--concurrency",
    String(CONCURRENCY),
    // Scaled down to 60 requests per second so the first run is still busy when stopped.
    "--rate-limit",
    "6/100ms",
    "--report",
    temp.path(`${name}.report.ndjson`),
    "--checkpoint",
    temp.path(`${name}.checkpoint`),
    "--json",
  ];

  /** Starts the bin and stops it with `signal` once the checkpoint holds a few batches. */
  async function firstRunStoppedBy(signal: NodeJS.Signals, name: string, group: string) {
    let child: ChildProcess | undefined;
    const run = runBin(args(name, group), {
      env: { BRAZE_API_KEY: KEY },
      onSpawn: (c) => {
        child = c;
      },
    });
    const checkpoint = temp.path(`${name}.checkpoint`);
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const size = await stat(checkpoint).then(
        (s) => s.size,
        () => 0,
      );
      if (size > 600) break;
    }
    child?.kill(signal);
    return run;
  }

  /** For each identifier, the requests that carried it after one of them succeeded. */
  function sentAgainAfterSuccess(): string[] {
    const succeeded = new Set<string>();
    const again: string[] = [];
    for (const entry of fake.requests) {
      const ids = ((entry.body as { email?: string[] } | undefined)?.email ?? []) as string[];
      for (const id of ids) if (succeeded.has(id)) again.push(id);
      if (entry.status >= 200 && entry.status < 300) for (const id of ids) succeeded.add(id);
    }
    return again;
  }

  async function expectCompleteReport(
    name: string,
    expected: Awaited<ReturnType<typeof writeEmailCsv>>,
  ) {
    const lines = await readNdjson<ReportLine>(temp.path(`${name}.report.ndjson`));
    expect(lines).toHaveLength(ROWS);
    expect(new Set(lines.map((line) => line.line)).size).toBe(ROWS);
    for (const line of lines) {
      if (expected.valid.has(line.line))
        expect(line).toMatchObject({ outcome: "succeeded", id: expected.valid.get(line.line) });
      else if (expected.invalid.has(line.line)) expect(line.outcome).toBe("invalid");
      else expect(line.outcome).toBe("duplicate");
    }
    return lines;
  }

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)(
    "after %s: exit %i, then the rerun completes the report and resends nothing that succeeded",
    async (signal, code) => {
      const name = signal.toLowerCase();
      const group = `group-${name}`;
      const expected = await writeEmailCsv(temp.path(`${name}.csv`), ROWS);
      const first = await firstRunStoppedBy(signal, name, group);
      expect(first.code).toBe(code);
      expect(first.stderr).toMatch(new RegExp(`${signal}: stopping`));
      const firstSummary = JSON.parse(first.stdout);
      expect(firstSummary.succeeded).toBeGreaterThan(0);
      expect(firstSummary.succeeded).toBeLessThan(expected.valid.size);

      const second = await runBin(args(name, group), { env: { BRAZE_API_KEY: KEY } });
      expect(second.code).toBe(3);
      const summary = JSON.parse(second.stdout);
      expect(summary).toMatchObject({ total: ROWS, succeeded: expected.valid.size, failed: 0 });

      const lines = await expectCompleteReport(name, expected);
      // Everything the first run saw succeed is reported as resumed, not sent again.
      expect(lines.filter((line) => line.resumed).length).toBe(firstSummary.succeeded);
      expect(sentAgainAfterSuccess()).toEqual([]);
      expect(new Set(fake.state.list(group).map((record) => record.id))).toEqual(
        new Set(expected.valid.values()),
      );
      expect(await readFile(temp.path(`${name}.checkpoint`), "utf8")).not.toContain(KEY);
    },
  );

  it("after SIGKILL: the rerun completes the report; at most 2 × concurrency requests are sent again", async () => {
    const expected = await writeEmailCsv(temp.path("kill.csv"), ROWS);
    const first = await firstRunStoppedBy("SIGKILL", "kill", "group-kill");
    expect(first.signal).toBe("SIGKILL");

    const second = await runBin(args("kill", "group-kill"), { env: { BRAZE_API_KEY: KEY } });
    expect(second.code).toBe(3);
    expect(JSON.parse(second.stdout)).toMatchObject({
      total: ROWS,
      succeeded: expected.valid.size,
      failed: 0,
    });
    const lines = await expectCompleteReport("kill", expected);
    expect(lines.filter((line) => line.resumed).length).toBeGreaterThan(0);
    // A kill can land between Braze's answer and the checkpoint's fsync: at most the requests
    // on the wire or answered but not handed over (concurrency) plus those waiting for the
    // checkpoint's sync (at most concurrency more, enforced by `set`), each of the spec's cap
    // of 50 identifiers, can be sent twice, never more.
    expect(sentAgainAfterSuccess().length).toBeLessThanOrEqual(2 * CONCURRENCY * 50);
    expect(new Set(fake.state.list("group-kill").map((record) => record.id))).toEqual(
      new Set(expected.valid.values()),
    );
  });

  it("refuses to resume against another list of the same size and time (a re-export kept with cp -p)", async () => {
    const csv = temp.path("reexport.csv");
    const rows = (letter: string) =>
      `email\n${Array.from({ length: 20 }, (_, i) => `${letter}${String(i).padStart(3, "0")}@example.com`).join("\n")}\n`;
    // A whole second: a time set again from a stat's fraction of a ms would not be the same.
    const mtime = Math.floor(Date.now() / 1000) - 60;
    await writeFile(csv, rows("a"));
    await utimes(csv, mtime, mtime);
    const checkpoint = temp.path("reexport.checkpoint");
    const command = [
      "set",
      ...["--group", "group-reexport", "--state", "unsubscribed", "--input", csv],
      ...["--base-url", fake.url, "--checkpoint", checkpoint, "--json"],
    ];
    expect((await runBin(command, { env: { BRAZE_API_KEY: KEY } })).code).toBe(0);
    // The same size and modification time, other people: resumed, none of them would be sent.
    await writeFile(csv, rows("b"));
    await utimes(csv, mtime, mtime);
    const again = await runBin(command, { env: { BRAZE_API_KEY: KEY } });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/belongs to another job \(input content \(SHA-256\)/);
    expect(fake.state.list("group-reexport").map((record) => record.id)).not.toContain(
      "b000@example.com",
    );
  });
});
