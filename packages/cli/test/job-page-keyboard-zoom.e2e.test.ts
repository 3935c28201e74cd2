import { pathToFileURL } from "node:url";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { axeViolations } from "./support/axe.js";
import {
  expectQuietAndLocal,
  openJobPage,
  chartSpans as spans,
  useBrowserJob,
} from "./support/job-page.js";
import { stretchedJobPage } from "./support/stretched-job-page.js";

const KEY = "page-zoom-key-7d30a4";
/** How long the job is made to last: ten minutes of one request a second. */
const SECONDS = 600;

/** The focused element's text, and whether it draws a focus ring. */
function focused(page: Page): Promise<{ text: string; ring: boolean }> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const style = getComputedStyle(element);
    return {
      text: element.textContent?.trim() ?? "",
      ring: style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0,
    };
  });
}

/**
 * uPlot zooms a chart on a drag across it, which no key can do: buttons above the charts zoom
 * and move both over the same span, and a line says which span, in UTC.
 */
describe("the job page's charts zoomed with the keyboard alone (headless Chromium)", () => {
  const job = useBrowserJob(KEY);
  let html = "";

  beforeAll(async () => {
    ({ html } = await stretchedJobPage(job, SECONDS));
  });

  it("Tab reaches the zoom buttons, each named and showing its focus; Enter and Space zoom both charts together", async () => {
    const opened = await openJobPage(job.browser, html);
    const { page } = opened;
    await page.locator("#chart-latency canvas").first().waitFor();
    const group = page.getByRole("group", { name: "Time shown in the charts" });
    const status = group.getByRole("status");
    const [whole] = await spans(page);
    const [from, to] = whole as [number, number];
    expect(to - from).toBeGreaterThanOrEqual(SECONDS);
    expect(await status.textContent()).toMatch(/ UTC \(the whole job\)\.$/);

    // From the top of the page, Tab until the first zoom button.
    let stops = 0;
    while ((await focused(page)).text !== "Zoom in") {
      await page.keyboard.press("Tab");
      stops += 1;
      expect(stops, "Tab never reached Zoom in").toBeLessThan(30);
    }
    const names: string[] = [];
    for (let button = 0; button < 5; button += 1) {
      const now = await focused(page);
      expect(now.ring, `focus ring on ${now.text}`).toBe(true);
      names.push(now.text);
      await page.keyboard.press("Tab");
    }
    expect(names).toEqual(["Zoom in", "Zoom out", "Earlier", "Later", "Whole job"]);
    for (const name of names) {
      expect(await group.getByRole("button", { name, exact: true }).count(), name).toBe(1);
    }
    // At the whole job, only zooming in changes anything.
    expect(await group.locator("button[aria-disabled=true]").allTextContents()).toEqual([
      "Zoom out",
      "Earlier",
      "Later",
      "Whole job",
    ]);

    // Enter on "Zoom in": half the span, about its middle, in both charts.
    await page.keyboard.press("Shift+Tab");
    for (let back = 0; back < 4; back += 1) await page.keyboard.press("Shift+Tab");
    expect((await focused(page)).text).toBe("Zoom in");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await spans(page))[0]?.[1]).toBeLessThan(to);
    const [rate, latency] = await spans(page);
    expect(latency).toEqual(rate);
    const [zoomedFrom, zoomedTo] = rate as [number, number];
    expect(zoomedTo - zoomedFrom).toBeCloseTo((to - from) / 2, 3);
    expect((zoomedFrom + zoomedTo) / 2).toBeCloseTo((from + to) / 2, 3);
    // Written once the presses settle (see the test of what is said below).
    await expect
      .poll(() => status.textContent())
      .toMatch(/^Time shown: .+ UTC \(5 min of 10 min\)\.$/);
    // Buttons idle and not: axe-core finds nothing amiss (names, contrast, focus).
    expect(await axeViolations(page)).toEqual([]);

    // Space on "Later": half a span later, to the job's end and not past it.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    await page.keyboard.press("Tab");
    expect((await focused(page)).text).toBe("Later");
    await page.keyboard.press("Space");
    await expect.poll(async () => (await spans(page))[0]?.[1]).toBeCloseTo(to, 3);
    expect((await spans(page))[1]).toEqual((await spans(page))[0]);
    expect(await group.locator("button[aria-disabled=true]").allTextContents()).toEqual(["Later"]);

    // "Whole job" brings the job back, and keeps the focus where it was.
    await page.keyboard.press("Tab");
    await page.keyboard.press("Enter");
    await expect.poll(async () => (await spans(page))[0]?.[0]).toBeCloseTo(from, 3);
    expect((await spans(page))[1]).toEqual(whole);
    expect((await focused(page)).text).toBe("Whole job");
    await expect.poll(() => status.textContent()).toMatch(/ UTC \(the whole job\)\.$/);
    expectQuietAndLocal(opened);
    await opened.close();
  });

  it("a drag across one chart zooms both, and the line says which span they show", async () => {
    const opened = await openJobPage(job.browser, html);
    const { page } = opened;
    await page.locator("#chart-latency canvas").first().waitFor();
    const over = page.locator("#chart-rate .u-over");
    await over.scrollIntoViewIfNeeded();
    const box = await over.boundingBox();
    const [x, y, width] = [box?.x ?? 0, (box?.y ?? 0) + 40, box?.width ?? 0];
    await page.mouse.move(x + width * 0.25, y);
    await page.mouse.down();
    await page.mouse.move(x + width * 0.5, y, { steps: 5 });
    await page.mouse.up();
    await expect.poll(async () => (await spans(page))[1]).toEqual((await spans(page))[0]);
    const [from, to] = (await spans(page))[0] as [number, number];
    expect(to - from).toBeLessThan(SECONDS / 2);
    await expect
      .poll(() => page.locator("#timeline-span").textContent())
      .toMatch(/ UTC \(\d+ min( \d+ s)? of 10 min\)\.$/);
    await opened.close();
  });

  it("the span shown is said once the presses stop, not at each press (the filter's way)", async () => {
    const opened = await openJobPage(job.browser, html);
    const { page } = opened;
    await page.locator("#chart-latency canvas").first().waitFor();
    const line = page.locator("#timeline-span");
    expect(await line.getAttribute("role")).toBe("status");
    expect(await line.textContent()).toMatch(/ UTC \(the whole job\)\.$/);
    // Each text the live region takes is said by a screen reader: record them all.
    await line.evaluate((element) => {
      const said: string[] = [];
      Object.assign(window, { spanSaid: said });
      new MutationObserver(() => said.push(element.textContent ?? "")).observe(element, {
        childList: true,
        characterData: true,
        subtree: true,
      });
    });
    const said = () => page.evaluate(() => (window as unknown as { spanSaid: string[] }).spanSaid);
    const zoomIn = page.getByRole("button", { name: "Zoom in", exact: true });
    await zoomIn.focus();
    // Four presses at a keyboard's pace: the charts follow each one at once.
    let previous = (await spans(page))[0]?.[1] ?? 0;
    for (let press = 0; press < 4; press += 1) {
      await page.keyboard.press("Enter");
      await expect.poll(async () => (await spans(page))[0]?.[1]).toBeLessThan(previous);
      previous = (await spans(page))[0]?.[1] ?? 0;
    }
    expect(await said()).toEqual([]);
    // Still for the settling time: the span reached is said, once.
    await expect.poll(said).toHaveLength(1);
    await page.waitForTimeout(1_000);
    const [from, to] = (await spans(page))[0] as [number, number];
    expect(Math.round(to - from)).toBe(Math.round(SECONDS / 16));
    expect(await said()).toEqual([
      expect.stringMatching(/^Time shown: .+ UTC \(38 s of 10 min\)\.$/),
    ]);
    // Back and forth to the same span: nothing new to say, so nothing is said.
    await page.getByRole("button", { name: "Zoom out", exact: true }).press("Enter");
    await zoomIn.press("Enter");
    await page.waitForTimeout(1_500);
    expect(await said()).toHaveLength(1);
    await opened.close();
  });

  it("the buttons are not printed, the span shown is; on a phone they wrap inside the screen", async () => {
    // A phone held upright, as the phone test opens it.
    const context = await job.browser.newContext({
      viewport: { width: 400, height: 860 },
      isMobile: true,
      hasTouch: true,
    });
    const page = await context.newPage();
    await page.goto(pathToFileURL(html).href);
    await page.locator("#chart-latency canvas").first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(400);
    for (const box of await page
      .locator(".time-zoom button")
      .evaluateAll((buttons) => buttons.map((button) => button.getBoundingClientRect().right))) {
      expect(box).toBeLessThanOrEqual(400);
    }
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".time-zoom button").first().isVisible()).toBe(false);
    expect(await page.locator("#timeline-span").isVisible()).toBe(true);
    await context.close();
  });
});
