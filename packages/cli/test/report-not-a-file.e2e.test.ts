import { existsSync, rmSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ExitCode } from "../src/exit-codes.js";
import { useFakeJob } from "./support/fake-job.js";
import { type ReportLine, writeEmailCsv } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

// The README: "/dev/null, /dev/stdout or a pipe are written as they are". The job record
// went beside them all the same (`/dev/fd/63.job.json`, `/dev/null.job.json`): once every row
// was sent, the run ended "unexpected error: ENOENT" (EACCES for a user who may not write in
// /dev), exit 1, which a script takes for a failed job; run as root it left a file in /dev.

const KEY = "report-not-a-file-key-4e1d7a";
const job = useFakeJob(KEY);

function set(input: string, group: string, report: string, ...extra: string[]): string[] {
  return [
    "set",
    ...["--group", group, "--state", "unsubscribed", "--input", input, "--report", report],
    ...["--json", "--quiet", ...extra],
  ];
}

describe("a --report that is not a regular file is written as it is, nothing beside it", () => {
  it("a pipe (`--report >(gzip > r.gz)`): every row through it, the job's exit code", async () => {
    const input = join(job.dir, "pipe.csv");
    const expected = await writeEmailCsv(input, 120);
    const out = join(job.dir, "through-the-pipe.ndjson");
    const result = await runBin(set(input, "g-pipe", "/dev/fd/3"), {
      env: { ...job.env(), OUT: out },
      // The shell's `3> >(cat > "$OUT")`: fd 3 is a pipe to cat. cat holds the test's stderr
      // pipe too, so the run is only over once cat has written everything.
      prefix: ["bash", "-c", 'exec "$@" 3> >(cat > "$OUT")', "bash"],
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(ExitCode.incomplete); // the input's invalid rows, nothing else
    const lines = (await readFile(out, "utf8"))
      .split("\n")
      .filter((line) => line !== "")
      .map((line) => JSON.parse(line) as ReportLine);
    expect(lines).toHaveLength(120);
    const succeeded = lines.filter((line) => line.outcome === "succeeded");
    expect(succeeded).toHaveLength(expected.valid.size);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 120, succeeded: succeeded.length });
  });

  it("/dev/null: exit 0, and no /dev/null.job.json", async () => {
    const input = join(job.dir, "null.csv");
    await writeEmailCsv(input, 10); // ten valid, distinct addresses
    const page = join(job.dir, "null.html");
    const stray = "/dev/null.job.json";
    const there = existsSync(stray);
    try {
      const result = await runBin(set(input, "g-null", "/dev/null", "--html", page), {
        env: job.env(),
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(ExitCode.ok);
      expect(JSON.parse(result.stdout)).toMatchObject({ succeeded: 10, failed: 0 });
      expect(existsSync(page)).toBe(true);
      if (!there) expect(existsSync(stray)).toBe(false);
    } finally {
      if (!there) rmSync(stray, { force: true });
    }
  });

  it("/dev/stdout redirected to a file: exit 0, and no /dev/stdout.job.json", async () => {
    const input = join(job.dir, "stdout.csv");
    await writeEmailCsv(input, 10);
    const out = join(job.dir, "stdout.ndjson");
    const stray = "/dev/stdout.job.json";
    const there = existsSync(stray);
    try {
      // `> "$OUT"`: /dev/stdout then leads to a regular file, which --report writes as it is.
      const result = await runBin(set(input, "g-stdout", "/dev/stdout"), {
        env: { ...job.env(), OUT: out },
        prefix: ["bash", "-c", 'exec "$@" > "$OUT"', "bash"],
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(ExitCode.ok);
      expect(reportAndSummary(await readFile(out, "utf8"))).toEqual({
        lines: 10,
        summary: expect.objectContaining({ total: 10, succeeded: 10 }),
      });
      if (!there) expect(existsSync(stray)).toBe(false);
    } finally {
      if (!there) rmSync(stray, { force: true });
    }
  });

  // Through a descriptor of its own, the report started at the file's beginning: the summary,
  // printed through stdout's, overwrote report lines, and `>>` lost what it had kept (the
  // report emptied the file first).
  it("/dev/stdout appended to a file (`>> audit.log`): what was there, every line, the summary", async () => {
    const input = join(job.dir, "append.csv");
    await writeEmailCsv(input, 2_000); // a report of several writes
    const out = join(job.dir, "audit.log");
    const earlier = "an earlier run's line, kept by >>\n";
    await writeFile(out, earlier);
    const result = await runBin(set(input, "g-append", "/dev/stdout"), {
      env: { ...job.env(), OUT: out },
      prefix: ["bash", "-c", 'exec "$@" >> "$OUT"', "bash"],
    });
    expect(result.stderr).toBe("");
    const text = await readFile(out, "utf8");
    expect(text.startsWith(earlier)).toBe(true);
    const { lines, summary } = reportAndSummary(text.slice(earlier.length));
    expect(lines).toBe(2_000);
    expect(summary).toMatchObject({ total: 2_000 });
  });

  it("a pipe whose reader goes away (`--report >(head -c 10)`): exit 2, advice for a pipe, not a full disk", async () => {
    const input = join(job.dir, "epipe.csv");
    await writeEmailCsv(input, 3_000); // a report larger than a pipe's buffer
    const result = await runBin(set(input, "g-epipe", "/dev/fd/3"), {
      env: job.env(),
      prefix: ["bash", "-c", 'exec "$@" 3> >(head -c 10 > /dev/null)', "bash"],
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^braze-subscriptions: cannot write report \/dev\/fd\/3: .*broken pipe.*; write it where it is kept \(the reader of that pipe went away\) and rerun/m,
    );
    expect(result.stderr).not.toMatch(/free some space/);
  });
});

/**
 * The report's lines and the `--json` summary after them, from one file that got both; every
 * line must parse whole (a line overwritten by the summary would not).
 */
function reportAndSummary(text: string): { lines: number; summary: unknown } {
  const parsed = text
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const summary = parsed.pop();
  expect(parsed.every((line) => typeof line.outcome === "string")).toBe(true);
  return { lines: parsed.length, summary };
}
