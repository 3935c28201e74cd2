import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { type DrawnText, drawnTexts, forgetDrawnText, openDrawing } from "./support/drawn-text.js";
import { chartSpans, expectQuietAndLocal, openJobPage, useBrowserJob } from "./support/job-page.js";
import { stretchedJobPage } from "./support/stretched-job-page.js";

const KEY = "page-long-job-key-3b81f0";
/** An hour: a million-row opt-out list at a low `--rate-limit` takes that long. */
const SECONDS = 3_600;
/** The job's rule (`--rate-limit 5/s`), and the one second that went above it. */
const RULE = "5/s";
const BURST_AT = 1_800;
const BURST = 9;
/** Two requests every odd second, none every even one: merged two by two, a flat 2. */
const requestsAt = (second: number) => (second === BURST_AT ? BURST : second % 2 === 1 ? 2 : 0);
/** Screenshots are kept here (gitignored) as the test's artifact. */
const ARTIFACTS = join(import.meta.dirname, "..", "test-output");
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 400, height: 860 };
const CHARTS = ["chart-rate", "chart-latency"];

/** How many ms of the record each point of the charts draws (`data-step-ms`), per chart. */
function stepsDrawn(page: Page): Promise<Array<string | null>> {
  return Promise.all(CHARTS.map((id) => page.locator(`#${id}`).getAttribute("data-step-ms")));
}

/** Presses the zoom button `name` `times` times. */
async function press(page: Page, name: string, times = 1): Promise<void> {
  for (let n = 0; n < times; n += 1) await page.getByRole("button", { name, exact: true }).click();
}

/** What the rate chart's key says for "requests in 1 s" with the pointer on epoch second `at`. */
async function requestsShownAt(page: Page, at: number): Promise<string | null> {
  const over = page.locator("#chart-rate .u-over");
  const box = await over.boundingBox();
  const [min, max] = (await chartSpans(page))[0] as [number, number];
  const x = (box?.x ?? 0) + ((at - min) / (max - min)) * (box?.width ?? 0);
  await page.mouse.move(x, (box?.y ?? 0) + 20);
  return page.locator("#chart-rate .u-legend .u-series").nth(1).locator(".u-value").textContent();
}

/** The clock labels (`13:15`, `13:35:20`) of each chart's time axis, as last drawn. */
function timeLabels(drawn: DrawnText[], figure: string): DrawnText[] {
  const seen = new Map<string, DrawnText>();
  for (const label of drawn) {
    if (label.figure !== figure || !/^\d\d:\d\d(:\d\d)?$/.test(label.text)) continue;
    // A chart draws twice for one zoom (then at the points of its span): the same labels.
    seen.set(`${label.text}@${label.x}`, label);
  }
  return [...seen.values()].sort((a, b) => a.x - b.x);
}

/** Pixels between each label and the next (negative: they overlap). */
function gapsBetween(labels: DrawnText[]): number[] {
  const left = (label: DrawnText) =>
    label.align === "center" ? label.x - label.width / 2 : label.x;
  return labels.slice(1).map((label, index) => {
    const before = labels[index] as DrawnText;
    return left(label) - (left(before) + before.width);
  });
}

/** Opens `path` at `viewport` (a phone's as a phone would), recording what the charts draw. */
function openRecording(browser: Browser, path: string, viewport: typeof DESKTOP) {
  const phone = viewport.width < 600;
  return openDrawing(browser, path, { viewport, isMobile: phone, hasTouch: phone });
}

/**
 * A job of an hour: its charts hold 1,800 points of 2 s each. Zoomed into a minute they kept
 * those, so whether a second went above the rate limit could not be seen; and on a phone its
 * time axis showed two ticks.
 */
describe("the page of an hour's job (headless Chromium)", () => {
  const job = useBrowserJob(KEY);
  let html = "";
  let start = 0;

  beforeAll(async () => {
    ({ html, startSeconds: start } = await stretchedJobPage(job, SECONDS, {
      args: ["--rate-limit", RULE],
      requestsAt,
    }));
  });

  it("zoomed into a minute, the charts draw each second again, from the data the page holds", async () => {
    const opened = await openJobPage(job.browser, html);
    const { page } = opened;
    await page.locator("#chart-latency canvas").first().waitFor();
    const resolution = page.locator("[data-stat=resolution]");
    await press(page, "Zoom in", 6); // 56 s about the job's middle, its busiest second
    await expect
      .poll(() => page.locator("#timeline-span").textContent())
      .toMatch(/\(56 s of 1 h\)\.$/);
    const [from, to] = (await chartSpans(page))[0] as [number, number];
    expect(to - from).toBeCloseTo(SECONDS / 64, 3);
    // Second by second as recorded: the even seconds' none, the burst above the rule alone.
    // Merged two by two, every point read 2 (and the burst's 9).
    const seconds = [-3, -2, -1, 0, 1, 2, 3].map((offset) => BURST_AT + offset);
    const shown: Array<string | null> = [];
    for (const second of seconds) shown.push(await requestsShownAt(page, start + second));
    expect(shown).toEqual(seconds.map((second) => String(requestsAt(second))));
    expect(await stepsDrawn(page)).toEqual(["1000", "1000"]);
    expect(await resolution.textContent()).toBe("1 h recorded, 1 s per point");
    await page
      .locator("#timeline")
      .screenshot({ path: join(ARTIFACTS, "job-page-hour-zoomed.png") });

    // Back to the whole job, by the button and by a double click: 2 s a point again (1,800
    // points: more than 2,000 cost time and show nothing a chart's width can).
    await press(page, "Whole job");
    await expect.poll(() => stepsDrawn(page)).toEqual(["2000", "2000"]);
    expect(await resolution.textContent()).toBe("1 h recorded, 2 s per point");
    await press(page, "Zoom in", 6);
    await expect.poll(() => stepsDrawn(page)).toEqual(["1000", "1000"]);
    await page.locator("#chart-latency .u-over").dblclick();
    await expect.poll(() => stepsDrawn(page)).toEqual(["2000", "2000"]);
    const [wholeFrom, wholeTo] = (await chartSpans(page))[0] as [number, number];
    expect(wholeFrom).toBeCloseTo(start, 3);
    expect(wholeTo).toBeCloseTo(start + SECONDS, 3);
    expect((await chartSpans(page))[1]).toEqual([wholeFrom, wholeTo]);
    expectQuietAndLocal(opened);
    await opened.close();
  });

  it.each([
    ["a phone 400 px wide", PHONE, "phone"],
    ["a desktop 1280 px wide", DESKTOP, "desktop"],
  ] as const)(
    "on %s, the time axis has ticks enough, their labels apart",
    async (_name, viewport, file) => {
      const { page, close } = await openRecording(job.browser, html, viewport);
      const check = async (least: number, what: string) => {
        const drawn = await drawnTexts(page);
        for (const chart of CHARTS) {
          const labels = timeLabels(drawn, chart);
          const texts = labels.map((label) => label.text);
          expect(
            labels.length,
            `${what}: ${chart} ticks ${JSON.stringify(texts)}`,
          ).toBeGreaterThanOrEqual(least);
          for (const gap of gapsBetween(labels))
            expect(gap, `${what}: ${chart} labels ${JSON.stringify(texts)}`).toBeGreaterThanOrEqual(
              8,
            );
        }
      };
      await check(4, "the whole hour");
      await page
        .locator("#timeline")
        .screenshot({ path: join(ARTIFACTS, `job-page-hour-${file}.png`) });

      await press(page, "Zoom in", 5);
      await forgetDrawnText(page);
      await press(page, "Zoom in"); // 56 s: labels with seconds, the widest
      await expect.poll(() => stepsDrawn(page)).toEqual(["1000", "1000"]);
      await expect
        .poll(() => page.locator("#timeline-span").textContent())
        .toMatch(/\(56 s of 1 h\)/);
      // Labels with seconds are the widest ("13:35:20"): 20 s apart on a phone, two or three.
      await check(2, "56 s");
      await page
        .locator("#timeline")
        .screenshot({ path: join(ARTIFACTS, `job-page-hour-${file}-zoomed.png`) });
      await close();
    },
  );
});
