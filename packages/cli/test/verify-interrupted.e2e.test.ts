import type { ChildProcess } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readNdjson } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

const KEY = "verify-stop-key-9f8e7d6c5b";
const GROUP = "optouts";
const ROWS = 20_000;
const read = operationMetadata.getSubscriptionStatus;

interface VerifyLine {
  line: number;
  id: string;
  outcome: string;
  state: string | null;
  error: { code: string } | null;
}

/**
 * Ctrl-C during a long `verify`: what was read (on the workspace's shared read budget) must
 * reach the report, the summary must say the run stopped, and no line that was not read may
 * be claimed to match.
 */
describe("verify stopped by SIGINT", () => {
  let fake: BrazeFake;
  const temp = useTempDir();
  let input: string;

  beforeAll(async () => {
    // Slow reads, so that the signal lands with reads on the wire and most lines unread.
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false, latencyMs: 100 });
    input = temp.path("optouts.csv");
    const lines = ["email"];
    for (let i = 0; i < ROWS; i++) lines.push(`p${i}@example.com`);
    await writeFile(input, `${lines.join("\n")}\n`);
    // Every other address landed: the read lines are half matches, half unknown.
    for (let i = 0; i < ROWS; i += 2)
      fake.state.set(GROUP, { email: `p${i}@example.com` }, "unsubscribed");
  });
  afterAll(async () => {
    await fake?.close();
  });

  it("keeps every line read in the report, says it stopped, exits 130, claims nothing unread", async () => {
    const report = temp.path("optouts.verify.ndjson");
    let child: ChildProcess | undefined;
    const running = runBin(
      [
        ...["verify", "--group", GROUP, "--state", "unsubscribed", "--input", input],
        ...["--report", report, "--concurrency", "2", "--quiet"],
      ],
      { env: { BRAZE_API_KEY: KEY, BRAZE_REST_URL: fake.url }, onSpawn: (c) => (child = c) },
    );
    const reads = () => fake.requests.filter((r) => r.path === read.path).length;
    while (reads() < 12) await new Promise((resolve) => setTimeout(resolve, 20));
    child?.kill("SIGINT");
    const done = await running;

    expect(done.stderr).toMatch(/SIGINT: stopping/);
    expect(done.code).toBe(130);
    // The summary says the run stopped, and never that every line matches.
    expect(done.stdout).toMatch(
      /verify: stopped by SIGINT: \d+ lines of .* read, .*lines not read were not verified/,
    );
    expect(done.stdout).not.toMatch(/every line/);
    expect(done.stdout).not.toContain(KEY);

    const lines = await readNdjson<VerifyLine>(report);
    // Every line read was answered or dropped before it was sent: none is lost (fewer than a
    // report chunk of 512 lines, which the process used to die holding).
    const answered = lines.filter((l) => l.outcome !== "failed");
    expect(answered.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThan(ROWS);
    expect(answered.length).toBeGreaterThanOrEqual(
      (reads() - 2) * read.query.listFields.email.maxItems,
    );
    for (const line of answered) {
      const landed = Number(line.id.slice(1, line.id.indexOf("@"))) % 2 === 0;
      expect(line.outcome, line.id).toBe(landed ? "matches" : "unknown");
    }
    // The rest were read from the file but never sent: failed, aborted, never "matches".
    expect(
      lines.filter((l) => l.outcome === "failed").every((l) => l.error?.code === "aborted"),
    ).toBe(true);
    expect(new Set(lines.map((l) => l.line)).size).toBe(lines.length);
    const summary = done.stdout;
    expect(summary).toContain(`matches ${answered.filter((l) => l.outcome === "matches").length},`);
    // The job record shows an interrupted run (a verify report is never proof of a job).
    const record = JSON.parse(await readFile(`${report}.job.json`, "utf8"));
    expect(record.job.exitCode).toBe(130);
  }, 60_000);
});
