import { execFileSync } from "node:child_process";
import { mkdir, readdir } from "node:fs/promises";
import { join } from "node:path";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempDir, writeEmailCsv } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

const KEY = "record-key-9e8d7c6b5a";

/**
 * The report and its job record (`<report>.job.json`) on one disk that fills mid-run: the
 * record, written when the job ends, meets the full disk too. That second failure must not
 * hide the first (exit 1 "unexpected error: ENOSPC…" instead of the report's one line and
 * exit 2), nor leave its temporary file behind. Mounting the tmpfs needs root (CI runs as
 * root); without it this test fails and says so.
 */
describe("set: the report and its job record on a disk that fills", () => {
  let fake: BrazeFake;
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let disk: string | undefined;

  beforeAll(async () => {
    temp = await tempDir();
    fake = await startBrazeFake({ apiKeys: [KEY], rateLimit: false });
  });
  afterAll(async () => {
    if (disk !== undefined) execFileSync("umount", [disk]);
    await fake?.close();
    await temp?.cleanup();
  });

  it("one line naming the report, exit 2, no temporary record left; the rerun elsewhere resumes", async () => {
    disk = join(temp.dir, "tiny-disk");
    await mkdir(disk);
    try {
      execFileSync("mount", ["-t", "tmpfs", "-o", "size=128k", "tmpfs", disk], { stdio: "pipe" });
    } catch (error) {
      disk = undefined;
      throw new Error(`this test mounts a 128 KiB tmpfs, which needs root: ${String(error)}`);
    }
    const input = join(temp.dir, "input.csv");
    const expected = await writeEmailCsv(input, 5_000);
    const checkpoint = join(temp.dir, "job.checkpoint");
    const report = join(disk, "report.ndjson");
    const args = (reportPath: string) => [
      ...["set", "--group", "g-record", "--state", "unsubscribed", "--input", input],
      ...["--base-url", fake.url, "--json", "--quiet", "--checkpoint", checkpoint],
      ...["--report", reportPath],
    ];
    const full = await runBin(args(report), { env: { BRAZE_API_KEY: KEY } });
    expect(full.stderr).toBe(
      `braze-subscriptions: cannot write report ${report}: no space left on device; free some space and rerun the same command: it resumes from the checkpoint\n`,
    );
    expect(full.code).toBe(2);
    expect((await readdir(disk)).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    const rerun = await runBin(args(join(temp.dir, "report.ndjson")), {
      env: { BRAZE_API_KEY: KEY },
    });
    expect(rerun.code).toBe(3); // the input's invalid rows
    expect(fake.state.list("g-record")).toHaveLength(expected.valid.size);
  });
});
