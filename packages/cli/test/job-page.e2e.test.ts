import { appendFile, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startBrazeFake } from "@braze-subscriptions/testing";
import { describe, expect, it } from "vitest";
import { type ReportLine, readNdjson, writeEmailCsv } from "./support/inputs.js";
import {
  expectQuietAndLocal,
  filterTable,
  openJobPage,
  pageCounts,
  reportCounts,
  shown429,
  tableRows,
  useBrowser,
} from "./support/job-page.js";
import { runBin } from "./support/run-bin.js";

/** Screenshots are kept here (gitignored) as the test's artifact. */
const ARTIFACTS = join(import.meta.dirname, "..", "test-output");
const KEY = "job-page-key-7d3e91c0aa";
/** Identifiers a hostile file could hold: each must show as typed, and run nothing. */
const HOSTILE = [
  "<img src=x onerror=document.title='pwned'>",
  "</script><script>document.title='pwned'</script>",
  "x\u2028y\u2029z@example.com",
];

describe("the job page (--html and report) in headless Chromium", () => {
  const job = useBrowser();

  it("the demo prints its page, whose numbers are the report's", async () => {
    const dir = join(job.dir, "demo");
    const result = await runBin(["demo", "--rows", "20000", "--dir", dir]);
    expect(result.code).toBe(0);
    const path = /^Job page: (.+?) \(/m.exec(result.stdout)?.[1];
    expect(path).toBe(join(dir, "report.html"));
    const lines = await readNdjson<ReportLine>(join(dir, "report.ndjson"));

    const opened = await openJobPage(job.browser, path as string);
    const { page } = opened;
    expect(await pageCounts(page)).toEqual(reportCounts(lines));
    expect(await page.locator("[data-field=exit-code]").textContent()).toMatch(/^3 /);
    expect(await page.locator("[data-field=group]").textContent()).toBe("demo-email-group");
    expect(await page.locator("[data-field=input]").textContent()).toMatch(
      /^addresses\.csv, .* SHA-256 [0-9a-f]{64}$/,
    );
    expect(await page.locator("#timeline canvas").count()).toBeGreaterThanOrEqual(2);
    // Invalid and duplicate rows are listed (20,000 demo rows hold 200 of each).
    const listed = await tableRows(page);
    expect(listed.length).toBe(lines.filter((line) => line.outcome !== "succeeded").length);
    await page.screenshot({ path: join(ARTIFACTS, "job-page-demo.png"), fullPage: true });
    expectQuietAndLocal(opened);
    await opened.close();

    // The demo's verify writes its page too: every succeeded line of the report matches.
    const verifyPath = /^Verify page: (.+)$/m.exec(result.stdout)?.[1];
    expect(verifyPath).toBe(join(dir, "verify.html"));
    const verified = await openJobPage(job.browser, verifyPath as string);
    expect(await verified.page.locator("h1").textContent()).toBe("braze-subscriptions verify");
    const succeeded = lines.filter((line) => line.outcome === "succeeded").length;
    expect(await pageCounts(verified.page)).toEqual({ total: succeeded, matches: succeeded });
    expectQuietAndLocal(verified);
    await verified.close();
  });

  it("a run with faults, 429s and hostile identifiers: counts, timeline, table filters, no injection", async () => {
    const fake = await startBrazeFake({
      apiKeys: [KEY],
      // A quarter of the budget the CLI is told (it follows the server's X-RateLimit-Limit),
      // shared with another service taking 40 % of it, so the job pauses. The CLI paces itself
      // well enough that the rate limit alone may refuse none of its requests: `429` faults
      // give the page 429s to count whatever the timing (the seed draws some among the
      // requests every run sends).
      rateLimit: { limit: 25, intervalMs: 500, foreignShare: 0.4 },
      faults: {
        seed: 11,
        rates: { "500": 0.05, "503": 0.05, reset: 0.03, timeout: 0.03, "429": 0.03 },
        timeoutDelayMs: 1_500,
      },
    });
    try {
      const input = join(job.dir, "faults.csv");
      const report = join(job.dir, "faults.ndjson");
      const html = join(job.dir, "faults.html");
      await writeEmailCsv(input, 10_000);
      await appendFile(
        input,
        HOSTILE.map((id) => `"Mallory",${JSON.stringify(id)},basic\n`).join(""),
      );
      const result = await runBin([
        "set",
        "--group",
        "group-page-faults",
        "--state",
        "unsubscribed",
        "--input",
        input,
        "--base-url",
        fake.url,
        "--rate-limit",
        "200/1s",
        // Far above any answer's time but a timeout fault's: on a busy machine the fake (in
        // this process) may answer late, and an answer after the client gave up is one the
        // page never sees (a 429 among them) though the fake logged it.
        "--timeout",
        "1000",
        "--max-retries",
        "1",
        "--report",
        report,
        "--html",
        html,
        "--json",
        "--quiet",
        // On the command line, so the page's command has a key to mask.
        "--api-key",
        KEY,
      ]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(3);
      const summary = JSON.parse(result.stdout);
      const lines = await readNdjson<ReportLine>(report);
      const counts = reportCounts(lines);
      expect(counts.failed).toBeGreaterThan(0);
      expect(summary.failed).toBe(counts.failed);
      const source = await readFile(html, "utf8");
      expect(source).not.toContain(KEY);
      expect(source.length).toBeLessThan(2_000_000);

      const opened = await openJobPage(job.browser, html);
      const { page } = opened;
      expect(await pageCounts(page)).toEqual(counts);
      expect(await page.title()).not.toBe("pwned");
      expect(await page.locator("[data-field=command]").textContent()).toContain(
        `--html ${html} --json --quiet --api-key [redacted]`,
      );

      // The timeline counts every attempt: the run's requests and retries. The fake saw as
      // many, except a timed-out attempt it had not answered yet (it logs on answering).
      // Writes only: the job's preflight read is a GET.
      const sent = summary.requests + summary.retries;
      const writes = fake.requests.filter((entry) => entry.method === "POST");
      expect(writes.length).toBeLessThanOrEqual(sent);
      expect(writes.length).toBeGreaterThanOrEqual(sent - summary.failed);
      // The page counts the preflight read's attempts too.
      const reads = fake.requests.filter((entry) => entry.method === "GET").length;
      // The page counts every 429 the client received: each one the fake answered, but for
      // those a timeout fault held back past --timeout (the client gave up on them first).
      expect(fake.requests.some((entry) => entry.fault === "429")).toBe(true);
      const received429 = fake.requests.filter(
        (entry) => entry.status === 429 && entry.fault !== "timeout",
      ).length;
      expect(await shown429(page)).toBe(received429);

      // Filter by outcome, then by text; sort by line, descending.
      const failed = lines.filter((line) => line.outcome === "failed");
      await filterTable(page, "failed", "");
      const failedRows = await tableRows(page);
      // The page lists the first 1,000 rows of each outcome.
      expect(failedRows.length).toBe(Math.min(1_000, failed.length));
      expect(new Set(failedRows.map((row) => row[2]))).toEqual(new Set(["failed"]));
      const one = failed[0] as ReportLine;
      await filterTable(page, "", one.id as string);
      expect((await tableRows(page)).map((row) => row[1])).toEqual([one.id]);
      await filterTable(page, "invalid", "");
      await page.getByRole("button", { name: "Line" }).click();
      const byLine = (await tableRows(page)).map((row) => Number(row[0]));
      expect(byLine).toEqual([...byLine].sort((a, b) => b - a));

      // Hostile identifiers show exactly as typed; none became markup.
      for (const id of HOSTILE.slice(0, 2)) {
        await filterTable(page, "", id);
        expect((await tableRows(page)).map((row) => row[1])).toEqual([id]);
      }
      expect(await page.locator("#app img, #app script").count()).toBe(0);
      expect(await page.title()).not.toBe("pwned");
      await filterTable(page, "", "");
      await page.screenshot({ path: join(ARTIFACTS, "job-page-faults.png"), fullPage: true });
      expectQuietAndLocal(opened);
      await opened.close();

      // `report` renders the same page afterwards, the job and timeline from the job record.
      const again = join(job.dir, "faults-again.html");
      const rendered = await runBin(["report", report, "--html", again]);
      expect(rendered.code).toBe(0);
      expect(rendered.stdout).toBe(`Page: ${again}\n`);
      const reopened = await openJobPage(job.browser, again);
      expect(await pageCounts(reopened.page)).toEqual(counts);
      expect(await reopened.page.locator("[data-stat=requests]").textContent()).toBe(
        `${(sent + reads).toLocaleString("en-US")} requests sent`,
      );
      expect(await shown429(reopened.page)).toBe(received429);
      expect(await reopened.page.locator("[data-field=command]").textContent()).toContain("--html");
      expectQuietAndLocal(reopened);
      await reopened.close();
    } finally {
      await fake.close();
    }
  });

  it("a verify run: matches, unknown, invalid and duplicate lines, as in its report", async () => {
    const fake = await startBrazeFake({ apiKeys: [KEY] });
    try {
      const input = join(job.dir, "verify.csv");
      const html = join(job.dir, "verify.html");
      const report = join(job.dir, "verify.ndjson");
      await writeEmailCsv(input, 3_000);
      const env = { BRAZE_API_KEY: KEY };
      const common = ["--group", "group-page-verify", "--state", "unsubscribed", "--input", input];
      const target = ["--base-url", fake.url, "--json", "--quiet"];
      // Only the first 1,000 identifiers are set: the rest are unknown to Braze.
      const set = await runBin(["set", ...common, ...target, "--limit", "1000", "--yes"], { env });
      expect(JSON.parse(set.stdout).succeeded).toBe(1_000);
      const verify = await runBin(
        ["verify", ...common, ...target, "--report", report, "--html", html],
        { env },
      );
      expect(verify.stderr).toBe("");
      expect(verify.code).toBe(3);
      const lines = await readNdjson<ReportLine>(report);
      const counts = reportCounts(lines);
      expect(counts.matches).toBe(1_000);
      expect(counts.unknown).toBeGreaterThan(0);

      const opened = await openJobPage(job.browser, html);
      const { page } = opened;
      expect(await pageCounts(page)).toEqual(counts);
      expect(await page.locator("h1").textContent()).toBe("braze-subscriptions verify");
      expect(await page.locator("#timeline canvas").count()).toBeGreaterThanOrEqual(2);
      await filterTable(page, "unknown", "");
      const unknown = await tableRows(page);
      expect(unknown.length).toBe(Math.min(1_000, counts.unknown ?? 0));
      expect(new Set(unknown.map((row) => row[2]))).toEqual(new Set(["unknown"]));
      await filterTable(page, "", "");
      await page.screenshot({ path: join(ARTIFACTS, "job-page-verify.png"), fullPage: true });
      expectQuietAndLocal(opened);
      await opened.close();
    } finally {
      await fake.close();
    }
  });

  it("a verify of every group and state of a multi-group job: the page names which state was checked in which group", async () => {
    const fake = await startBrazeFake({ apiKeys: [KEY] });
    try {
      const input = join(job.dir, "pairs.csv");
      const setReport = join(job.dir, "pairs.set.ndjson");
      const html = join(job.dir, "pairs.html");
      const rows = ["email,group,state"];
      for (let i = 0; i < 30; i++) rows.push(`a${i}@example.com,group-a,unsubscribed`);
      for (let i = 0; i < 20; i++) rows.push(`b${i}@example.com,group-b,subscribed`);
      await writeFile(input, `${rows.join("\n")}\n`);
      const env = { BRAZE_API_KEY: KEY };
      const target = ["--base-url", fake.url, "--json", "--quiet"];
      const set = await runBin(["set", "--input", input, "--report", setReport, ...target], {
        env,
      });
      expect(set.code).toBe(0);
      // Five rows of group-b were not applied (lost writes): the page lists them.
      for (let i = 0; i < 5; i++)
        fake.state.set("group-b", { email: `b${i}@example.com` }, "unsubscribed");
      const verify = await runBin(
        ["verify", "--from-report", setReport, ...target, "--html", html],
        { env },
      );
      expect(verify.code).toBe(3);
      const opened = await openJobPage(job.browser, html);
      const { page } = opened;
      expect(await pageCounts(page)).toEqual({ total: 50, matches: 45, differs: 5 });
      expect(await page.locator("[data-field=groups]").textContent()).toBe("group-a, group-b");
      expect(await page.locator("[data-field=states]").textContent()).toBe(
        "unsubscribed, subscribed",
      );
      expect(await page.locator("[data-field=groups-and-states]").textContent()).toBe(
        "group-a: unsubscribed (30 lines); group-b: subscribed (20 lines)",
      );
      expectQuietAndLocal(opened);
      await opened.close();
    } finally {
      await fake.close();
    }
  });

  // A hostile or broken file: 1,000 "identifiers" of 20 kB each (a column of pasted blobs).
  it("long identifiers are clipped on the page: it stays small and opens at once", async () => {
    const input = join(job.dir, "long.csv");
    const html = join(job.dir, "long.html");
    const long = "y".repeat(20_000);
    const rows = Array.from({ length: 1_000 }, (_, i) => `${i}${long}`);
    await writeFile(input, `email\n${rows.join("\n")}\n`);
    const result = await runBin(
      [
        ...["set", "--group", "g", "--state", "unsubscribed", "--input", input, "--dry-run"],
        ...["--html", html, "--json", "--quiet"],
      ],
      {},
    );
    expect(result.code).toBe(3);
    // It was 20 MB: every identifier whole, 1,000 times.
    expect((await stat(html)).size).toBeLessThan(2_000_000);
    const opened = await openJobPage(job.browser, html);
    expect(await pageCounts(opened.page)).toEqual({ total: 1_000, invalid: 1_000, not_sent: 0 });
    const shown = await tableRows(opened.page);
    expect(shown).toHaveLength(1_000);
    expect(shown[0]?.[1]).toMatch(/^0y{999}… \(19,001 more characters, in the report\)$/);
    expectQuietAndLocal(opened);
    await opened.close();
  });
});
