import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import {
  expectQuietAndLocal,
  openJobPage,
  pageCounts,
  reportCounts,
  useBrowserJob,
} from "./support/job-page.js";
import { BIN, runBin } from "./support/run-bin.js";

const KEY = "page-fails-key-93a1c7";

// The page is written last, from what the report and checkpoint already hold. When it cannot
// be written, the job's exit code is still the job's (it was 2, or 1 for a missing asset, and
// hid a job that had sent every row), with one warning saying how to write the page again.
describe("a job page that cannot be written when the job ends", () => {
  const job = useBrowserJob(KEY);

  it("a full disk under the page: set keeps its exit code, warns once, and report --html writes the page again", async () => {
    const input = join(job.dir, "full.csv");
    // Over the spec's maxLength: invalid, so the job exits 3.
    await writeFile(input, `external_id\nfull-1\nfull-2\nfull-3\n${"x".repeat(600)}\n`);
    const report = join(job.dir, "full.ndjson");
    const result = await runBin(
      [
        ...["set", "--group", "g-full", "--state", "unsubscribed", "--input", input],
        ...["--report", report, "--html", "/dev/full", "--json", "--quiet", "--yes"],
      ],
      { env: job.env() },
    );
    expect(result.stderr).toBe(
      `warning: cannot write page /dev/full: no space left on device; the job's result stands (exit 3); write it again with: braze-subscriptions report ${report} --html /dev/full\n`,
    );
    expect(result.code).toBe(3); // the invalid row, as without --html
    expect(JSON.parse(result.stdout)).toMatchObject({ succeeded: 3, invalid: 1 });
    expect(job.fake.state.list("g-full")).toHaveLength(3);

    const html = join(job.dir, "full-again.html");
    const again = await runBin(["report", report, "--html", html]);
    expect(again.stderr).toBe("");
    expect(again.code).toBe(0);
    const opened = await openJobPage(job.browser, html);
    expect(await pageCounts(opened.page)).toEqual(
      reportCounts(await readNdjson<ReportLine>(report)),
    );
    expect(await opened.page.locator("[data-field=exit-code]").textContent()).toMatch(/^3 /);
    expectQuietAndLocal(opened);
    await opened.close();
  });

  it("a dry run without --report: exit 0 stands, and the warning says the page cannot be written again", async () => {
    const input = join(job.dir, "dry.csv");
    await writeFile(input, "external_id\ndry-1\n");
    const result = await runBin([
      ...["set", "--group", "g-dry", "--state", "unsubscribed", "--input", input, "--dry-run"],
      ...["--html", "/dev/full", "--json", "--quiet"],
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      "warning: cannot write page /dev/full: no space left on device; the job's result stands (exit 0); the page can be written again only from an NDJSON --report, which this run did not write\n",
    );
  });

  it("the page's script missing from the installation: the job's exit code stands, the warning names the file", async () => {
    // A copy of the built CLI without dist/report-page/, inside the package so that its
    // imports resolve as the real one's do.
    // test-output/ is ignored by git: a fresh checkout has none.
    const outputs = join(import.meta.dirname, "..", "test-output");
    await mkdir(outputs, { recursive: true });
    const copy = await mkdtemp(join(outputs, "no-page-asset-"));
    try {
      await cp(join(BIN, ".."), join(copy, "dist"), { recursive: true });
      await rm(join(copy, "dist", "report-page"), { recursive: true });
      const input = join(job.dir, "asset.csv");
      await writeFile(input, "external_id\nasset-1\n");
      const html = join(job.dir, "asset.html");
      const run = await promisify(execFile)(
        process.execPath,
        [
          join(copy, "dist", "bin.js"),
          ...["set", "--group", "g-asset", "--state", "unsubscribed", "--input", input],
          ...["--dry-run", "--html", html, "--json", "--quiet"],
        ],
        { env: { PATH: process.env.PATH ?? "" } },
      );
      expect(run.stderr).toMatch(
        /^warning: cannot write page .*asset\.html: its asset .*report-page\/page\.global\.js cannot be read \(no such file or directory\): reinstall @braze-subscriptions\/cli; the job's result stands \(exit 0\); the page can be written again only from an NDJSON --report, which this run did not write\n$/,
      );
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
  });
});
