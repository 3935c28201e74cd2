import type { ChildProcess } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import {
  expectQuietAndLocal,
  openJobPage,
  pageCounts,
  reportCounts,
  useBrowserJob,
} from "./support/job-page.js";
import { runBin } from "./support/run-bin.js";

const KEY = "page-counts-key-41c9e2";

// The page is what people show as the record of a job: each of its counts must be the
// report's, line for line, and its total the --json summary's, whatever path a row took.
describe("the job page's counts are the report's, in headless Chromium", () => {
  const job = useBrowserJob(KEY);

  it("set --skip-unchanged: unchanged, invalid and duplicate rows settled by the reads are on the page", async () => {
    const input = join(job.dir, "skip.csv");
    const rows = ["external_id"];
    for (let i = 0; i < 200; i++) rows.push(`user-${i}`);
    // Over the spec's maxLength (invalid), and a repeat of an id the reads find unchanged.
    rows.push("x".repeat(600), "user-3");
    await writeFile(input, `${rows.join("\n")}\n`);
    for (let i = 0; i < 50; i++)
      job.fake.state.set("g", { externalId: `user-${i}` }, "unsubscribed");
    const report = join(job.dir, "skip.ndjson");
    const html = join(job.dir, "skip.html");
    const result = await runBin(
      [
        ...["set", "--group", "g", "--state", "unsubscribed", "--input", input],
        ...["--skip-unchanged", "--report", report, "--html", html, "--json", "--quiet", "--yes"],
      ],
      { env: job.env() },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(3);
    const summary = JSON.parse(result.stdout);
    const counts = reportCounts(await readNdjson<ReportLine>(report));
    expect(counts).toEqual({ total: 202, succeeded: 150, unchanged: 50, invalid: 1, duplicate: 1 });
    expect(summary.total).toBe(counts.total);

    const opened = await openJobPage(job.browser, html);
    expect(await pageCounts(opened.page)).toEqual(counts);
    expect(await opened.page.title()).toContain("1 invalid");
    expect(await opened.page.locator("#failures-note").textContent()).not.toContain(
      "Every row succeeded",
    );
    // A finished run (exit 3: some rows invalid) is complete: no "did not finish" banner.
    expect(await opened.page.locator("#run-status").count()).toBe(0);
    expectQuietAndLocal(opened);
    await opened.close();

    // The job record agrees with the report, so the page rendered later shows the job too.
    const later = await runBin(["report", report, "--html", join(job.dir, "skip-later.html")]);
    expect(later.stderr).toBe("");
    expect(later.code).toBe(0);
  });

  it("a run stopped by SIGINT: the page says at the top and in its title that it did not finish, with the report's counts", async () => {
    job.fake.reset();
    const input = join(job.dir, "stopped.csv");
    const rows = ["external_id"];
    for (let i = 0; i < 5_000; i++) rows.push(`stop-${i}`);
    await writeFile(input, `${rows.join("\n")}\n`);
    const report = join(job.dir, "stopped.ndjson");
    const html = join(job.dir, "stopped.html");
    let child: ChildProcess | undefined;
    const running = runBin(
      [
        ...["set", "--group", "g-stop", "--state", "unsubscribed", "--input", input],
        // Slow enough (5,000 ids at 20 requests/s: 5 s) to be stopped mid-way.
        ...["--rate-limit", "20/1s", "--report", report, "--html", html, "--json", "--quiet"],
        "--yes",
      ],
      { env: job.env(), onSpawn: (spawned) => (child = spawned) },
    );
    // Stopped once requests are flowing: the fake has answered some.
    while (job.fake.requests.filter((entry) => entry.method === "POST").length < 5)
      await new Promise((resolve) => setTimeout(resolve, 20));
    child?.kill("SIGINT");
    const result = await running;
    expect(result.code).toBe(130);
    const summary = JSON.parse(result.stdout);
    const counts = reportCounts(await readNdjson<ReportLine>(report));
    expect(counts.total).toBe(summary.total);
    expect(counts.total).toBeLessThan(5_000);

    const opened = await openJobPage(job.browser, html);
    const { page } = opened;
    expect(await pageCounts(page)).toEqual(counts);
    expect(await page.title()).toMatch(/^braze-subscriptions set \(did not finish, exit 130\): /);
    const banner = page.locator("#run-status");
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toMatch(
      /^This run did not finish \(exit 130: stopped by SIGINT .*\)\. The counts below /,
    );
    // It comes before the job's details and the counts.
    expect(
      await page.locator("#app > *").evaluateAll((nodes) => nodes.map((n) => n.id || n.tagName)),
    ).toEqual(["HEADER", "run-status", "job", "outcomes", "timeline", "failures"]);
    expectQuietAndLocal(opened);
    await opened.close();
  });

  it("a page made from a report without its job record: the report's counts, and no claim that nothing was sent", async () => {
    const input = join(job.dir, "bare.csv");
    await writeFile(input, "external_id\nbare-1\nbare-2\n\n");
    const report = join(job.dir, "bare.ndjson");
    const sent = await runBin(
      [
        ...["set", "--group", "g-bare", "--state", "unsubscribed", "--input", input],
        ...["--report", report, "--json", "--quiet", "--yes"],
      ],
      { env: job.env() },
    );
    expect(sent.code).toBe(0);
    await rm(`${report}.job.json`);
    const html = join(job.dir, "bare.html");
    expect((await runBin(["report", report, "--html", html])).code).toBe(0);

    const opened = await openJobPage(job.browser, html);
    const { page } = opened;
    expect(await pageCounts(page)).toEqual({ total: 2, succeeded: 2 });
    // It said "No timeline: nothing was sent." of a job that sent both identifiers.
    expect(await page.locator("#timeline-none").textContent()).toBe(
      "No timeline: this page was made from a report without its job record (<report>.job.json, which the run that wrote the report saves beside it).",
    );
    // The Job section kept the claim: "Target: none (nothing was sent)".
    expect(await page.locator("[data-field=target]").textContent()).toBe("unknown (no job record)");
    expect(await page.locator("#run-status").count()).toBe(0);
    expectQuietAndLocal(opened);
    await opened.close();
  });

  // The record counted every row while the report held only failed ones: `report --html`
  // took it for another run's, and the page showed the failed rows as the whole job.
  it("set --failed-only: the page made later by report --html still has the job and every count", async () => {
    const input = join(job.dir, "failed-only.csv");
    const rows = ["external_id"];
    for (let i = 0; i < 120; i++) rows.push(`fo-${i}`);
    rows.push("x".repeat(600), "fo-7");
    await writeFile(input, `${rows.join("\n")}\n`);
    const report = join(job.dir, "failed-only.ndjson");
    const html = join(job.dir, "failed-only.html");
    const result = await runBin(
      [
        ...["set", "--group", "g-fo", "--state", "unsubscribed", "--input", input, "--failed-only"],
        ...["--report", report, "--html", html, "--json", "--quiet", "--yes"],
      ],
      { env: job.env() },
    );
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stdout)).toMatchObject({ total: 122, succeeded: 120, invalid: 1 });
    expect(reportCounts(await readNdjson<ReportLine>(report))).toEqual({ total: 1, invalid: 1 });
    const whole = { total: 122, succeeded: 120, invalid: 1, duplicate: 1 };

    const later = join(job.dir, "failed-only-later.html");
    const rendered = await runBin(["report", report, "--html", later]);
    expect(rendered.stderr).toBe("");
    expect(rendered.code).toBe(0);
    for (const path of [html, later]) {
      const opened = await openJobPage(job.browser, path);
      expect(await pageCounts(opened.page)).toEqual(whole);
      expect(await opened.page.locator("[data-field=exit-code]").textContent()).toMatch(/^3 /);
      expectQuietAndLocal(opened);
      await opened.close();
    }
  });

  // A resumed run reports the rows an earlier run did as succeeded (marked "resumed" in the
  // report); the page counted them as this run's without a word.
  it("a run resumed from a checkpoint: the page says how many succeeded rows an earlier run did, also when made later from a --failed-only report", async () => {
    const input = join(job.dir, "resumed.csv");
    const rows = ["external_id"];
    for (let i = 0; i < 150; i++) rows.push(`res-${i}`);
    await writeFile(input, `${rows.join("\n")}\n`);
    const checkpoint = join(job.dir, "resumed.checkpoint");
    const set = (...more: string[]) =>
      runBin(
        [
          ...["set", "--group", "g-res", "--state", "unsubscribed", "--input", input],
          ...["--checkpoint", checkpoint, "--json", "--quiet", "--yes", ...more],
        ],
        { env: job.env() },
      );
    const canary = await set("--limit", "40");
    expect(canary.code).toBe(0);
    expect(JSON.parse(canary.stdout)).toMatchObject({ succeeded: 40 });

    const report = join(job.dir, "resumed.ndjson");
    const html = join(job.dir, "resumed.html");
    const rest = await set("--report", report, "--html", html);
    expect(rest.stderr).toBe("");
    expect(rest.code).toBe(0);
    const lines = await readNdjson<ReportLine>(report);
    expect(lines.filter((line) => line.resumed)).toHaveLength(40);
    // The same run's job again, its report keeping only failed rows: the record counts the
    // resumed rows the report leaves out.
    await rm(checkpoint);
    await set("--limit", "40");
    const failedOnly = join(job.dir, "resumed-failed-only.ndjson");
    const direct = join(job.dir, "resumed-failed-only.html");
    expect((await set("--report", failedOnly, "--failed-only", "--html", direct)).code).toBe(0);
    const later = join(job.dir, "resumed-later.html");
    expect((await runBin(["report", failedOnly, "--html", later])).code).toBe(0);

    for (const path of [html, direct, later]) {
      const opened = await openJobPage(job.browser, path);
      const { page } = opened;
      expect(await pageCounts(page), path).toEqual({ total: 150, succeeded: 150 });
      const note = page.locator("#outcomes-resumed");
      expect(await note.getAttribute("data-count"), path).toBe("40");
      expect(await note.textContent()).toMatch(
        /^40 of the 150 succeeded rows were done by an earlier run of this job/,
      );
      expectQuietAndLocal(opened);
      await opened.close();
    }
  });

  it("a job of no rows says so, not that every row succeeded; a dry run does not say it either", async () => {
    const input = join(job.dir, "empty.csv");
    await writeFile(input, "external_id\n");
    const html = join(job.dir, "empty.html");
    const empty = await runBin(
      [
        ...["set", "--group", "g-empty", "--state", "unsubscribed", "--input", input],
        ...["--html", html, "--json", "--quiet", "--yes"],
      ],
      { env: job.env() },
    );
    expect(empty.code).toBe(0);
    const dryInput = join(job.dir, "dry.csv");
    await writeFile(dryInput, "external_id\ndry-1\ndry-2\n");
    const dryHtml = join(job.dir, "dry.html");
    const dry = await runBin([
      ...["set", "--group", "g-dry", "--state", "unsubscribed", "--input", dryInput],
      ...["--dry-run", "--html", dryHtml, "--json", "--quiet"],
    ]);
    expect(dry.code).toBe(0);

    for (const [path, counts, note] of [
      [html, { total: 0 }, "There were no rows: the job decided no identifier."],
      [
        dryHtml,
        { total: 2, not_sent: 2 },
        "No row to list: none was invalid or failed. Counted above, with no row listed: 2 not sent.",
      ],
    ] as const) {
      const opened = await openJobPage(job.browser, path);
      expect(await pageCounts(opened.page)).toEqual(counts);
      expect(await opened.page.locator("#failures-note").textContent()).toBe(note);
      expectQuietAndLocal(opened);
      await opened.close();
    }
  });
});
