import { execFileSync } from "node:child_process";
import { mkdir, open, rm, stat, truncate } from "node:fs/promises";
import { join } from "node:path";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ReportLine, readNdjson, tempDir, writeEmailCsv } from "./support/inputs.js";
import { type BinResult, runBin } from "./support/run-bin.js";

const KEY = "disk-key-6a3f0c8e2d";
const PAGE = 4096;

function oneLine(result: BinResult): string {
  const lines = result.stderr.split("\n").filter((line) => line !== "");
  expect(lines).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  return lines[0] as string;
}

/**
 * Mounts a 64 KiB tmpfs (filled by the test but for two pages: the lock and the checkpoint's
 * header fit, the checkpoint's appends soon do not). Mounting needs root (CI runs as root); without it this test fails and
 * says so rather than pretending.
 */
function mountTinyDisk(dir: string): void {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", dir], { stdio: "pipe" });
  } catch (error) {
    throw new Error(
      `this test fills a real disk: it mounts a 64 KiB tmpfs on ${dir}, which needs root (CI runs as root): ${(error as Error).message}`,
    );
  }
}

describe("set: a disk that fills up under the report or the checkpoint", () => {
  let fake: BrazeFake;
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let disk: string | undefined;

  beforeAll(async () => {
    temp = await tempDir();
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
  });
  afterEach(() => fake.reset());
  afterAll(async () => {
    if (disk !== undefined) execFileSync("umount", [disk]);
    await fake?.close();
    await temp?.cleanup();
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
    const input = join(temp.dir, "report-full.csv");
    const expected = await writeEmailCsv(input, 3_000);
    const checkpoint = join(temp.dir, "report-full.checkpoint");
    const full = await runBin(set(input, "--checkpoint", checkpoint, "--report", "/dev/full"), {
      env,
    });
    expect(full.code).toBe(2);
    expect(oneLine(full)).toBe(
      "braze-subscriptions: cannot write report /dev/full: no space left on device; free some space and rerun the same command: it resumes from the checkpoint",
    );
    const sentFirst = fake.requests.length;
    expect(sentFirst).toBeGreaterThan(0);

    const report = join(temp.dir, "report-full.report.ndjson");
    const rerun = await runBin(set(input, "--checkpoint", checkpoint, "--report", report), { env });
    expect(rerun.code).toBe(3); // the input holds invalid rows
    const lines = await readNdjson<ReportLine>(report);
    expect(lines.filter((line) => line.resumed).length).toBeGreaterThan(0);
    expect(lines.filter((line) => line.outcome === "succeeded")).toHaveLength(expected.valid.size);
    expect(fake.state.list("g-disk")).toHaveLength(expected.valid.size);
  });

  it("a report past the file size limit (EFBIG, under prlimit --fsize): says so, exit 2, the rerun resumes", async () => {
    const input = join(temp.dir, "too-large.csv");
    const expected = await writeEmailCsv(input, 3_000);
    const checkpoint = join(temp.dir, "too-large.checkpoint");
    const report = join(temp.dir, "too-large.report.ndjson");
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
    const input = join(temp.dir, "dry-full.csv");
    await writeEmailCsv(input, 3_000);
    const result = await runBin(set(input, "--dry-run", "--report", "/dev/full"), { env });
    expect(result.code).toBe(2);
    expect(oneLine(result)).toBe(
      "braze-subscriptions: cannot write report /dev/full: no space left on device; free some space and rerun (a dry run sends nothing)",
    );
  });

  it("the checkpoint on a disk that fills: one line naming it, exit 2; after freeing space the rerun resumes", async () => {
    disk = join(temp.dir, "tiny-disk");
    await mkdir(disk);
    mountTinyDisk(disk);
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

    const input = join(temp.dir, "checkpoint-full.csv");
    const expected = await writeEmailCsv(input, 20_000);
    const checkpoint = join(disk, "job.checkpoint");
    const report = join(temp.dir, "checkpoint-full.report.ndjson");
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
});
