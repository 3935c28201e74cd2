import { execFileSync } from "node:child_process";
import { mkdir, open, readdir, rm, stat, truncate } from "node:fs/promises";
import { join } from "node:path";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ReportLine, readNdjson, writeEmailCsv } from "./support/inputs.js";
import { type BinResult, runBin } from "./support/run-bin.js";
import { useTempDir } from "./support/temp-dir.js";

const KEY = "disk-key-6a3f0c8e2d";
const PAGE = 4096;

function oneLine(result: BinResult): string {
  const lines = result.stderr.split("\n").filter((line) => line !== "");
  expect(lines).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return lines[0] as string;
}

/**
 * Mounts a tmpfs of `size` (`64k`) on a new folder `dir`. Mounting needs root (CI runs as
 * root); without it the test fails and says so rather than pretending.
 */
async function mountTinyDisk(dir: string, size: string): Promise<void> {
  await mkdir(dir);
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${size}`, "tmpfs", dir], { stdio: "pipe" });
  } catch (error) {
    throw new Error(
      `this test fills a real disk: it mounts a ${size} tmpfs on ${dir}, which needs root (CI runs as root): ${(error as Error).message}`,
    );
  }
}

describe("set: a disk that fills up under the report or the checkpoint", () => {
  let fake: BrazeFake;
  const temp = useTempDir();
  /** The tmpfs folders mounted, unmounted after. */
  const disks: string[] = [];

  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    for (const disk of disks) execFileSync("umount", [disk]);
    await fake?.close();
  });

  const set = (input: string, ...more: string[]) => [
    "set",
    "--group",
    "g-disk",
    "--state",
    "unsubscribed",
    "--input",
    input,
    "--base-url",
    fake.url,
    "--rate-limit",
    "20/100ms",
    "--json",
    "--quiet",
    ...more,
  ];
  const env = { BRAZE_API_KEY: KEY };

  it("the report on /dev/full: one line naming it, exit 2; the rerun resumes from the checkpoint", async () => {
    const input = temp.path("report-full.csv");
    const expected = await writeEmailCsv(input, 3_000);
    const checkpoint = temp.path("report-full.checkpoint");
    const full = await runBin(set(input, "--checkpoint", checkpoint, "--report", "/dev/full"), {
      env,
    });
    expect(full.code).toBe(2);
    expect(oneLine(full)).toBe(
      "braze-subscriptions: cannot write report /dev/full: no space left on device; free some space and rerun the same command: it resumes from the checkpoint",
    );
    const sentFirst = fake.requests.length;
    expect(sentFirst).toBeGreaterThan(0);

    const report = temp.path("report-full.report.ndjson");
    const rerun = await runBin(set(input, "--checkpoint", checkpoint, "--report", report), { env });
    expect(rerun.code).toBe(3); // the input holds invalid rows
    const lines = await readNdjson<ReportLine>(report);
    expect(lines.filter((line) => line.resumed).length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.outcome === "succeeded")).toHaveLength(expected.valid.size);
    expect(fake.state.list("g-disk")).toHaveLength(expected.valid.size);
  });

  it("a report past the file size limit (EFBIG, under prlimit --fsize): says so, exit 2, the rerun resumes", async () => {
    const input = temp.path("too-large.csv");
    const expected = await writeEmailCsv(input, 3_000);
    const checkpoint = temp.path("too-large.checkpoint");
    const report = temp.path("too-large.report.ndjson");
    const args = set(input, "--checkpoint", checkpoint, "--report", report);
    // 64 KiB: the checkpoint stays far below, the report (about 100 bytes a row) does not.
    const limited = await runBin(args, { env, prefix: ["prlimit", "--fsize=65536"] });
    expect(limited.code).toBe(2);
    expect(oneLine(limited)).toBe(
      `braze-subscriptions: cannot write report ${report}: file too large; raise the file size limit (ulimit -f) or write it elsewhere and rerun the same command: it resumes from the checkpoint`,
    );
    const rerun = await runBin(args, { env });
    expect(rerun.code).toBe(3);
    const lines = await readNdjson<ReportLine>(report);
    expect(lines.filter((line) => line.resumed).length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.outcome === "succeeded")).toHaveLength(expected.valid.size);
  });

  it("a dry run's report on /dev/full: exit 2, and it says nothing was sent", async () => {
    const input = temp.path("dry-full.csv");
    await writeEmailCsv(input, 3_000);
    const result = await runBin(set(input, "--dry-run", "--report", "/dev/full"), { env });
    expect(result.code).toBe(2);
    expect(oneLine(result)).toBe(
      "braze-subscriptions: cannot write report /dev/full: no space left on device; free some space and rerun (a dry run sends nothing)",
    );
  });

  it("the checkpoint on a disk that fills: one line naming it, exit 2; after freeing space the rerun resumes", async () => {
    // 64 KiB, filled but for two pages: the lock and the checkpoint's header fit, the
    // checkpoint's appends soon do not.
    const disk = temp.path("tiny-disk");
    await mountTinyDisk(disk, "64k");
    disks.push(disk);
    // Fill the disk, then free two pages: one for the lock, one for the checkpoint's header.
    const filler = join(disk, "filler");
    const handle = await open(filler, "w");
    try {
      for (;;) await handle.write(Buffer.alloc(PAGE, 1));
    } catch (error) {
      expect((error as { code?: string }).code).toBe("ENOSPC");
    } finally {
      await handle.close();
    }
    await truncate(filler, (await stat(filler)).size - 2 * PAGE);

    const input = temp.path("checkpoint-full.csv");
    const expected = await writeEmailCsv(input, 20_000);
    const checkpoint = join(disk, "job.checkpoint");
    const report = temp.path("checkpoint-full.report.ndjson");
    const full = await runBin(set(input, "--checkpoint", checkpoint, "--report", report), { env });
    expect(full.code).toBe(2);
    expect(oneLine(full)).toBe(
      `braze-subscriptions: cannot write checkpoint ${checkpoint}: no space left on device; free some space and rerun the same command: it resumes from the checkpoint`,
    );
    const sentFirst = fake.requests.length;
    expect(sentFirst).toBeLessThan(400); // stopped early, not after the whole job

    await rm(filler);
    const rerun = await runBin(set(input, "--checkpoint", checkpoint, "--report", report), { env });
    expect(rerun.stderr).toBe("");
    expect(rerun.code).toBe(3);
    const lines = await readNdjson<ReportLine>(report);
    expect(lines.filter((line) => line.resumed).length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.outcome === "succeeded")).toHaveLength(expected.valid.size);
    expect(fake.state.list("g-disk")).toHaveLength(expected.valid.size);
  });

  it("the report and its job record on a disk that fills: the report's one line, exit 2, no temporary record left; the rerun elsewhere resumes", async () => {
    // The record (<report>.job.json), written when the job ends, meets the full disk too: that
    // second failure must not hide the first (exit 1 "unexpected error: ENOSPC…"), nor leave
    // its temporary file behind.
    const disk = temp.path("record-disk");
    await mountTinyDisk(disk, "128k");
    disks.push(disk);
    const input = temp.path("record-full.csv");
    const expected = await writeEmailCsv(input, 5_000);
    const checkpoint = temp.path("record-full.checkpoint");
    const report = join(disk, "report.ndjson");
    const args = (reportPath: string) => [
      ...["set", "--group", "g-record", "--state", "unsubscribed", "--input", input],
      ...["--base-url", fake.url, "--json", "--quiet", "--checkpoint", checkpoint],
      ...["--report", reportPath],
    ];
    const full = await runBin(args(report), { env });
    expect(oneLine(full)).toBe(
      `braze-subscriptions: cannot write report ${report}: no space left on device; free some space and rerun the same command: it resumes from the checkpoint`,
    );
    expect(full.code).toBe(2);
    expect((await readdir(disk)).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    const rerun = await runBin(args(temp.path("record-full.report.ndjson")), { env });
    expect(rerun.code).toBe(3); // the input's invalid rows
    expect(fake.state.list("g-record")).toHaveLength(expected.valid.size);
  });
});
