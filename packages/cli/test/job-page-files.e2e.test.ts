import { access, readFile, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeJob } from "./support/fake-job.js";
import { jobDir } from "./support/inputs.js";
import { runBin } from "./support/run-bin.js";

const KEY = "page-files-key-5e1a7c";

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

// The job page and the job record are outputs: they never destroy an input, and a job that
// ends before writing them leaves no empty file pretending to be a page.
describe("the job page and the job record on disk", () => {
  const fakeJob = useFakeJob(KEY);
  let count = 0;

  /** A fresh directory with `input.csv` (40 addresses). */
  function job(): Promise<{ dir: string; input: string; text: string }> {
    count += 1;
    return jobDir(fakeJob.dir, `job-${count}`, 40);
  }
  const command = (name: string, group: string, input: string, ...extra: string[]) =>
    runBin(
      [
        ...[name, "--group", group, "--state", "unsubscribed", "--input", input],
        ...["--base-url", fakeJob.fake.url, "--quiet", "--yes", ...extra],
      ].filter((arg) => !(name === "verify" && arg === "--yes")),
      { env: { BRAZE_API_KEY: KEY } },
    );

  it("set stopped by a checkpoint of another job: no page file is created, an earlier page is left as it was", async () => {
    const { dir, input } = await job();
    const checkpoint = join(dir, "job.checkpoint");
    const first = await command("set", "group-a", input, "--checkpoint", checkpoint);
    expect(first.code).toBe(3); // the file's invalid rows

    const page = join(dir, "page.html");
    const refused = await command(
      "set",
      "group-b",
      input,
      ...["--checkpoint", checkpoint, "--html", page],
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/checkpoint/);
    expect(await exists(page)).toBe(false);

    await writeFile(page, "<!doctype html><title>last week's job</title>");
    const again = await command(
      "set",
      "group-b",
      input,
      ...["--checkpoint", checkpoint, "--html", page],
    );
    expect(again.code).toBe(2);
    expect(await readFile(page, "utf8")).toBe("<!doctype html><title>last week's job</title>");
  });

  it("verify refuses a --report or --html that is its input (a link to it), leaving the input whole", async () => {
    const { dir, input, text } = await job();
    const link = join(dir, "link.html");
    await symlink(input, link);
    const viaPage = await command("verify", "group-v", input, "--html", link);
    expect(viaPage.code).toBe(2);
    expect(viaPage.stderr).toMatch(
      /--html .*link\.html and --input .*input\.csv are the same file/,
    );
    const viaReport = await command("verify", "group-v", input, "--report", input);
    expect(viaReport.code).toBe(2);
    expect(viaReport.stderr).toMatch(/--report and --input name the same file/);
    expect(await readFile(input, "utf8")).toBe(text);
    expect(fakeJob.fake.requests).toHaveLength(0);
  });

  it("set refuses an input that is where its report's job record goes, instead of deleting it", async () => {
    const { dir, text } = await job();
    const report = join(dir, "r.ndjson");
    const input = `${report}.job.json`;
    await writeFile(input, text);
    const result = await command("set", "group-r", input, "--report", report);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /the job record of --report and --input name the same file .*r\.ndjson\.job\.json/,
    );
    expect(await readFile(input, "utf8")).toBe(text);
  });

  it("report --html never overwrites the report it reads (same path, or a link to it)", async () => {
    const { dir, input } = await job();
    const report = join(dir, "r.ndjson");
    expect((await command("set", "group-p", input, "--report", report)).code).toBe(3);
    const before = await readFile(report, "utf8");
    const link = join(dir, "page.html");
    await symlink(report, link);
    for (const html of [report, link, `${report}.job.json`]) {
      const result = await runBin(["report", report, "--html", html]);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/refusing to overwrite it/);
    }
    expect(await readFile(report, "utf8")).toBe(before);

    const page = join(dir, "real.html");
    const rendered = await runBin(["report", report, "--html", page]);
    expect(rendered.code).toBe(0);
    expect(rendered.stdout).toBe(`Page: ${page}\n`);
    expect((await stat(page)).size).toBeGreaterThan(10_000);
  });

  it("report without --html prints the counts per outcome and how to get the page", async () => {
    const { dir, input } = await job();
    const report = join(dir, "r.ndjson");
    expect((await command("set", "group-c", input, "--report", report)).code).toBe(3);
    const lines = (await readFile(report, "utf8")).trim().split("\n");
    const succeeded = lines.filter((line) => line.includes('"outcome":"succeeded"')).length;
    const result = await runBin(["report", report]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`report ${report}: ${lines.length} lines\n`);
    expect(result.stdout).toMatch(/ {2}job: braze-subscriptions set .*, exit 3\n/);
    expect(result.stdout).toMatch(new RegExp(`\\n {2}succeeded +${succeeded}\\n`));
    expect(result.stdout).toMatch(/ {2}invalid +\d+\n/);
    expect(result.stdout).toContain(`braze-subscriptions report ${report} --html <file.html>`);
  });
});
