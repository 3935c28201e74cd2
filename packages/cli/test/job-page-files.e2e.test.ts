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

  // The page used to overwrite the record; `report` then showed no job, without a word.
  it("set refuses an --html page that is where its report's job record goes", async () => {
    const { dir, input } = await job();
    const report = join(dir, "r.ndjson");
    for (const extra of [[], ["--dry-run"]]) {
      const result = await command(
        "set",
        "group-h",
        input,
        ...["--report", report, "--html", `${report}.job.json`, ...extra],
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(
        `braze-subscriptions: --html and the job record of --report name the same file (${report}.job.json): refusing to overwrite it\n`,
      );
    }
    expect(await exists(report)).toBe(false);
    expect(await exists(`${report}.job.json`)).toBe(false);
    expect(fakeJob.fake.requests).toHaveLength(0);
  });

  // `--html "$PAGE"` with PAGE unset: the whole job ran and was sent, then exit 2, no page.
  it("an empty --html is refused before anything is sent (set, its dry run, verify)", async () => {
    const { dir, input } = await job();
    for (const [name, ...extra] of [["set"], ["set", "--dry-run"], ["verify"]] as string[][]) {
      for (const empty of ["", " "]) {
        const report = join(dir, `${name}-${extra.length}.ndjson`);
        const result = await command(
          name as string,
          "group-e",
          input,
          ...["--report", report, "--html", empty, ...extra],
        );
        expect(result.code).toBe(2);
        expect(result.stdout).toBe("");
        expect(result.stderr).toBe("braze-subscriptions: --html must name a file\n");
        expect(await exists(report)).toBe(false);
      }
    }
    expect(fakeJob.fake.requests).toHaveLength(0);
  });

  it("report warns when the file beside the report is not a job record, rather than dropping the job silently", async () => {
    const { dir, input } = await job();
    const report = join(dir, "r.ndjson");
    expect((await command("set", "group-w", input, "--report", report)).code).toBe(3);
    await writeFile(`${report}.job.json`, "<!doctype html><title>a page</title>");
    const result = await runBin(["report", report]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `warning: ${report}.job.json beside ${report} is unusable: it is not a job record (overwritten by another file?); the page shows the report alone\n`,
    );
  });

  it("report warns when the job record's counts are not the report's (another run's), and shows the report alone", async () => {
    const { dir, input } = await job();
    const report = join(dir, "r.ndjson");
    expect((await command("set", "group-m", input, "--report", report)).code).toBe(3);
    // One line fewer than the run wrote: its record counts a line the report no longer has.
    const lines = (await readFile(report, "utf8")).trim().split("\n");
    await writeFile(report, `${lines.slice(1).join("\n")}\n`);
    const warning = `warning: the job record beside ${report} does not match the report's counts (another run's?); the page shows the report alone\n`;

    const counts = await runBin(["report", report]);
    expect(counts.code).toBe(0);
    expect(counts.stderr).toBe(warning);
    expect(counts.stdout).toContain(`report ${report}: ${lines.length - 1} lines\n`);
    // The record's job (its command and exit code) is not shown as this report's.
    expect(counts.stdout).not.toMatch(/ {2}job: /);

    const page = join(dir, "page.html");
    const rendered = await runBin(["report", report, "--html", page]);
    expect(rendered.code).toBe(0);
    expect(rendered.stderr).toBe(warning);
    expect(await readFile(page, "utf8")).toContain("unknown: no job record beside the report");
  });

  // verify reads a set report: neither it nor the set run's record beside it is an output.
  it("verify --from-report never writes over the set report's job record, nor over the report", async () => {
    const { dir, input } = await job();
    const report = join(dir, "mg.ndjson");
    expect((await command("set", "group-m", input, "--report", report)).code).toBe(3);
    const setReport = await readFile(report, "utf8");
    const setRecord = await readFile(`${report}.job.json`, "utf8");
    await symlink(`${report}.job.json`, join(dir, "link.html"));
    const cases: Array<[string[], RegExp]> = [
      [["--report", `${report}.job.json`], /--report and the job record of --from-report name/],
      [["--html", `${report}.job.json`], /--html and the job record of --from-report name/],
      [
        ["--html", join(dir, "link.html")],
        /--html .*link\.html and the job record of --from-report .*mg\.ndjson\.job\.json are the same file on disk/,
      ],
    ];
    for (const [extra, message] of cases) {
      const result = await runBin(
        [
          ...["verify", "--group", "group-m", "--state", "unsubscribed"],
          ...["--from-report", report, "--base-url", fakeJob.fake.url, "--quiet", ...extra],
        ],
        { env: { BRAZE_API_KEY: KEY } },
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
    // The set report named so that verify's record lands on it.
    const named = join(dir, "v.job.json");
    await writeFile(named, setReport);
    const viaRecord = await runBin(
      [
        ...["verify", "--group", "group-m", "--state", "unsubscribed", "--from-report", named],
        ...["--report", join(dir, "v"), "--base-url", fakeJob.fake.url, "--quiet"],
      ],
      { env: { BRAZE_API_KEY: KEY } },
    );
    expect(viaRecord.code).toBe(2);
    expect(viaRecord.stderr).toMatch(
      /the job record of --report and --from-report name the same file .*v\.job\.json/,
    );
    expect(await readFile(named, "utf8")).toBe(setReport);
    expect(await readFile(report, "utf8")).toBe(setReport);
    expect(await readFile(`${report}.job.json`, "utf8")).toBe(setRecord);
    // Only the set run's requests: every verify was refused before reading anything.
    expect(fakeJob.fake.requests.filter((r) => r.method === "GET")).toHaveLength(1);
  });

  describe("a report read back must be a regular file, read a bounded line at a time", () => {
    const verify = (report: string) =>
      runBin(
        [
          ...["verify", "--group", "group-d", "--state", "unsubscribed", "--from-report", report],
          ...["--base-url", fakeJob.fake.url, "--quiet"],
        ],
        { env: { BRAZE_API_KEY: KEY } },
      );
    const report = (path: string) => runBin(["report", path]);

    it.each([
      ["a directory", async (dir: string) => dir, /not a regular file \(a directory\)/],
      ["/dev/zero", async () => "/dev/zero", /not a regular file \(a device\)/],
      [
        "a file of 3 MiB without a line break",
        async (dir: string) => {
          const path = join(dir, "no-breaks.ndjson");
          await writeFile(path, Buffer.alloc(3 * 1024 * 1024, 0x61));
          return path;
        },
        /no-breaks\.ndjson:1:? (is )?not a report line \(longer than 1048576 bytes\)/,
      ],
    ])(
      "%s: exit 2, one line, for report and verify --from-report",
      async (_name, make, message) => {
        const { dir } = await job();
        const path = await make(dir);
        for (const result of [await report(path), await verify(path)]) {
          expect(result.code).toBe(2);
          expect(result.stderr).toMatch(message);
          expect(result.stderr.trim().split("\n")).toHaveLength(1);
          expect(result.stderr).not.toMatch(/unexpected|RangeError|\n\s+at /);
        }
        expect(fakeJob.fake.requests).toHaveLength(0);
      },
    );
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

  it("report counts any outcome a line names, `constructor` and `__proto__` too, as numbers", async () => {
    // Counted on a plain object they printed "0function Object() { [native code] }1 lines".
    const { dir } = await job();
    const report = join(dir, "odd.ndjson");
    const names = ["constructor", "__proto__", "toString", "succeeded"];
    await writeFile(
      report,
      names
        .map(
          (outcome, i) => `${JSON.stringify({ line: i + 2, id: `u${i}`, outcome, error: null })}\n`,
        )
        .join(""),
    );
    const result = await runBin(["report", report]);
    expect(result.stdout).toContain(`report ${report}: 4 lines\n`);
    for (const name of names) expect(result.stdout).toMatch(new RegExp(`\\n {2}${name} +1\\n`));
    expect(result.code).toBe(0);
    const page = join(dir, "odd.html");
    expect((await runBin(["report", report, "--html", page])).code).toBe(0);
    expect(await readFile(page, "utf8")).toContain(
      '"outcomes":{"constructor":1,"__proto__":1,"toString":1,"succeeded":1}',
    );
  });
});
