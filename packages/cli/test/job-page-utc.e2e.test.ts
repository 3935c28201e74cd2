import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { drawnTexts, openDrawing } from "./support/drawn-text.js";
import { writeEmailCsv } from "./support/inputs.js";
import { useBrowserJob } from "./support/job-page.js";
import { editJobRecord, moveJob } from "./support/job-record.js";
import { runBin } from "./support/run-bin.js";

const KEY = "page-utc-key-4e1c92";

/** Viewers far from UTC: one behind it with daylight saving, one ahead by a half hour. */
const ZONES = ["America/Los_Angeles", "Asia/Kolkata"];

/** `2026-12-05 10:40:24`: the UTC date and time of epoch `ms`, computed here apart from the page. */
const utc = (ms: number) =>
  new Date(Math.floor(ms / 1000) * 1000).toISOString().slice(0, 19).replace("T", " ");

/**
 * Opens `path` in a browser set to time zone `timezoneId`, recording each text drawn on a
 * canvas with the id of the chart (figure) it was drawn in: the axes are drawn, not written.
 */
function openInZone(browser: Browser, path: string, timezoneId: string) {
  return openDrawing(browser, path, { timezoneId, viewport: { width: 1280, height: 900 } });
}

/** The job data the page embeds (its timeline's start, in epoch ms). */
function embeddedStart(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      JSON.parse(document.getElementById("job-data")?.textContent ?? "null").timeline.startEpochMs,
  );
}

/**
 * The page says its times are UTC; uPlot drew the charts' time as `12/5/26 10:40am` (a US date,
 * a 12-hour clock, no zone), its key as `2026-12-05 10:40am` (no seconds), and through its UTC
 * shift an hour off for a viewer whose clocks were about to change.
 */
describe("the job page's times are UTC whatever the viewer's time zone (headless Chromium)", () => {
  const job = useBrowserJob(KEY);
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    const input = join(job.dir, "emails.csv");
    await writeEmailCsv(input, 120);
    const report = join(job.dir, "job.ndjson");
    pages.now = join(job.dir, "now.html");
    const run = await runBin(
      [
        ...["set", "--group", "g", "--state", "unsubscribed", "--input", input],
        ...["--report", report, "--html", pages.now, "--quiet", "--yes"],
      ],
      { env: job.env() },
    );
    expect(run.code, run.stderr).toBe(3); // the input's few invalid rows
    // The same job, as if run in the hour before the clocks of Los Angeles go forward
    // (10:00 UTC on 14 March 2027), when a shift by the viewer's offset lands an hour late.
    await editJobRecord(report, (record) => moveJob(record, Date.UTC(2027, 2, 14, 9, 59, 50)));
    pages.dst = join(job.dir, "dst.html");
    const rendered = await runBin(["report", report, "--html", pages.dst]);
    expect(rendered.code, rendered.stderr).toBe(0);
  });

  const cases = ZONES.flatMap((zone) => [
    [zone, "now"],
    [zone, "dst"],
  ]);
  it.each(cases)(
    "viewed in %s, the %s job's axes, chart key and span shown say UTC times of its data",
    async (zone, name) => {
      const { page, close } = await openInZone(job.browser, pages[name] as string, zone);
      const start = await embeddedStart(page);
      const drawn = await drawnTexts(page);
      for (const chart of ["chart-rate", "chart-latency"]) {
        const figure = page.locator(`#${chart}`);
        const min = Number(await figure.getAttribute("data-x-min"));
        const max = Number(await figure.getAttribute("data-x-max"));
        const texts = drawn.filter((label) => label.figure === chart).map((label) => label.text);
        // The axis's ticks: whole seconds of the span it shows, as UTC clock times.
        const seconds: string[] = [];
        for (let s = Math.ceil(min); s <= Math.floor(max); s += 1)
          seconds.push(utc(s * 1000).slice(11));
        const clocks = texts.filter((text) => /^\d\d:\d\d(:\d\d)?$/.test(text));
        expect(clocks.length, `${chart} ticks in ${JSON.stringify(texts)}`).toBeGreaterThanOrEqual(
          2,
        );
        for (const clock of clocks) expect(seconds, `${chart} tick ${clock}`).toContain(clock);
        const dates = new Set(texts.filter((text) => /^\d{4}-\d\d-\d\d$/.test(text)));
        expect([...dates], chart).toEqual([utc(min * 1000).slice(0, 10)]);
        expect(texts, chart).toContain("time (UTC)");
        // Nothing in a local style: no 12-hour clock, no month/day.
        expect(
          texts.filter((text) => /am|pm|\d+\/\d+/i.test(text)),
          chart,
        ).toEqual([]);
      }
      // The chart's key, with the pointer on the job's first second.
      const over = page.locator("#chart-rate .u-over");
      await over.scrollIntoViewIfNeeded();
      const box = await over.boundingBox();
      await page.mouse.move((box?.x ?? 0) + 1, (box?.y ?? 0) + 20);
      const timeRow = page.locator("#chart-rate .u-legend .u-series").first();
      await expect.poll(() => timeRow.locator(".u-value").textContent()).toBe(utc(start));
      expect(await timeRow.locator(".u-label").textContent()).toBe("time (UTC)");
      // The span shown, in words.
      const min = Number(await page.locator("#chart-rate").getAttribute("data-x-min"));
      const max = Number(await page.locator("#chart-rate").getAttribute("data-x-max"));
      expect(await page.locator("#timeline-span").textContent()).toBe(
        `Time shown: ${utc(min * 1000)} to ${utc(max * 1000).slice(11)} UTC (the whole job).`,
      );
      await close();
    },
  );
});
