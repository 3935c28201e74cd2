import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { startBrazeFake } from "@braze-subscriptions/testing";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { writeEmailCsv } from "./support/inputs.js";
import { expectQuietAndLocal, openJobPage, useBrowserJob } from "./support/job-page.js";
import { runBin } from "./support/run-bin.js";

const KEY = "page-timeline-key-5b07d1";

// The axis labels are drawn on a canvas; each chart keeps the range uPlot ended up with in
// data-x-min/data-x-max (epoch seconds), read from the uPlot instance itself.
describe("the job page's timeline in headless Chromium", () => {
  const job = useBrowserJob(KEY);

  /** The page path of the job called `name`. */
  const pageOf = (name: string) => join(job.dir, `${name}.html`);

  /**
   * Runs `set` (group `g`, unsubscribed) on `rows` generated addresses with `flags`, against
   * the file's fake unless `env` names another; `html` is {@link pageOf} the job.
   */
  async function setJob(name: string, rows: number, flags: string[], env = job.env()) {
    const input = join(job.dir, `${name}.csv`);
    await writeEmailCsv(input, rows);
    const html = pageOf(name);
    const result = await runBin(
      [
        ...["set", "--group", "g", "--state", "unsubscribed", "--input", input],
        ...flags,
        ...["--json", "--quiet", "--yes"],
      ],
      { env },
    );
    return { result, html };
  }

  it("a job of a second: the time axis spans seconds around the job, not years", async () => {
    const { result, html } = await setJob("short", 3, ["--html", pageOf("short")]);
    expect(result.stderr).toBe("");
    expect([0, 3]).toContain(result.code);

    const opened = await openJobPage(job.browser, html);
    const { page } = opened;
    const started = Date.parse((await page.locator("[data-field=started]").textContent()) ?? "");
    const ended = Date.parse(
      /^(.+ UTC)/.exec((await page.locator("[data-field=ended]").textContent()) ?? "")?.[1] ?? "",
    );
    expect(ended - started).toBeLessThan(10_000);
    for (const chart of ["#chart-rate", "#chart-latency"]) {
      const figure = page.locator(chart);
      await figure.locator("canvas").waitFor();
      const min = Number(await figure.getAttribute("data-x-min"));
      const max = Number(await figure.getAttribute("data-x-max"));
      // Seconds around the job: it is inside the axis, which spans 10 s to a minute.
      expect(max - min, `${chart} span`).toBeGreaterThanOrEqual(10);
      expect(max - min, `${chart} span`).toBeLessThanOrEqual(60);
      // (the page shows whole seconds)
      expect(min * 1000, chart).toBeLessThanOrEqual(started + 1000);
      expect(max * 1000, chart).toBeGreaterThanOrEqual(ended);
    }
    expectQuietAndLocal(opened);
    await opened.close();
  });

  it("a job that spends a window's budget at once: counted per window of the rule, not per second", async () => {
    // About 59 requests: 40 at once, the rest a window later.
    const { result, html } = await setJob("burst", 3_000, [
      ...["--rate-limit", "40/4s", "--html", pageOf("burst")],
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(3); // the input's few invalid rows

    const opened = await openJobPage(job.browser, html);
    const { page } = opened;
    // The second the budget went out held more than "10/s"; no window of 4 s held more than 40.
    const peak = (await page.locator("[data-stat=peak]").textContent()) ?? "";
    expect(Number(/^peak (\d+)\/s$/.exec(peak)?.[1]), peak).toBeGreaterThan(10);
    await expectBudgetShown(
      page,
      /^busiest 4 s: (\d+) requests \(the rule: 40 per 4 s\)$/,
      "Requests in any 4 s, against what the rule allows",
    );
    expectQuietAndLocal(opened);
    await opened.close();
  });

  // On fixed windows a job that starts late in one spends what it leaves, then the next
  // window's budget at its start: lawful, yet more than the rule in some span of its length.
  // The server's own count is what the page draws when its answers carry it.
  it("a server that says how full its window is: the page draws its count against its limit", async () => {
    const fake = await startBrazeFake({
      apiKeys: [KEY],
      rateLimit: { limit: 40, intervalMs: 2_000, window: "fixed" },
    });
    try {
      const { result, html } = await setJob(
        "fixed",
        3_000,
        ["--rate-limit", "40/2s", "--html", pageOf("fixed")],
        { BRAZE_API_KEY: KEY, BRAZE_REST_URL: fake.url },
      );
      expect(result.stderr).toBe("");
      expect(result.code).toBe(3); // the input's few invalid rows

      const opened = await openJobPage(job.browser, html);
      const { page } = opened;
      await expectBudgetShown(
        page,
        /^busiest window: (\d+) of 40 \(the server's count\)$/,
        "The server's window: the requests it counted, against its limit",
      );
      expectQuietAndLocal(opened);
      await opened.close();
    } finally {
      await fake.close();
    }
  });

  // Past 2,000 seconds the chart merges seconds into wider points, averaging the rate: the
  // peak was read from those averages, and a job's busiest second vanished from its page.
  it("a job longer than the chart's points: the peak is its busiest second, not an average", async () => {
    const report = join(job.dir, "long.ndjson");
    const { result, html } = await setJob("long", 100, ["--report", report]);
    expect(result.code).toBe(3); // the input's few invalid rows
    // The same job record, as if the job had run 3 hours with one busy second.
    const recordPath = `${report}.job.json`;
    const record = JSON.parse(await readFile(recordPath, "utf8"));
    const steps = 3 * 3600;
    const column = (value: number | null) => Array.from({ length: steps }, () => value);
    const requests = column(1) as number[];
    requests[5_000] = 400;
    record.timeline = {
      ...record.timeline,
      requests,
      budgeted: requests,
      serverUsed: column(null),
      serverLimit: null,
      ...Object.fromEntries(
        ["throttled", "retries", "pauses", "pauseMs"].map((k) => [k, column(0)]),
      ),
      ...Object.fromEntries(["p50", "p95", "p99"].map((k) => [k, column(null)])),
    };
    await writeFile(recordPath, JSON.stringify(record));
    const rendered = await runBin(["report", report, "--html", html], { env: job.env() });
    expect(rendered.code, rendered.stderr).toBe(0);

    const opened = await openJobPage(job.browser, html);
    expect(await opened.page.locator("[data-stat=peak]").textContent()).toBe("peak 400/s");
    expectQuietAndLocal(opened);
    await opened.close();
  });
});

/**
 * The rate chart's caption and its busiest-window stat, matched by `stat` with the count
 * captured: between half of and one window's budget (40) of this file's jobs.
 */
async function expectBudgetShown(page: Page, stat: RegExp, caption: string): Promise<void> {
  const busiest = (await page.locator("[data-stat=busiest]").textContent()) ?? "";
  const counted = stat.exec(busiest);
  expect(counted, busiest).not.toBeNull();
  expect(Number(counted?.[1])).toBeGreaterThanOrEqual(20);
  expect(Number(counted?.[1])).toBeLessThanOrEqual(40);
  expect(await page.locator("#chart-rate figcaption").textContent()).toBe(caption);
  await page.locator("#chart-rate canvas").first().waitFor();
}
