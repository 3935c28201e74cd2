import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { Browser } from "playwright-core";
import { describe, expect, it } from "vitest";
import { useBrowser } from "./support/job-page.js";
import { type RealisticPages, useRealisticPages } from "./support/realistic-pages.js";

/** Screenshots are kept here (gitignored) as the test's artifact. */
const ARTIFACTS = join(import.meta.dirname, "..", "test-output");
/** A phone held upright. */
const PHONE = { width: 400, height: 860 };

/** Opens a page at a phone's width, as a phone would from the start. */
async function openOnPhone(browser: Browser, path: string) {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto(pathToFileURL(path).href);
  await page.locator("body[data-ready=true]").waitFor({ timeout: 10_000 });
  return { page, close: () => context.close() };
}

/**
 * Ops people open the job page on a phone too. A chart at least 480 px wide and the chart's
 * key made every page wider than a phone's screen; the filter ran off its section.
 */
describe("the job page on a phone 400 px wide (headless Chromium)", () => {
  const browser = useBrowser();
  const realistic = useRealisticPages(() => browser.dir);
  const names: Array<keyof RealisticPages> = ["set", "groups", "verify", "report"];

  it.each(names)(
    "the %s page is no wider than the screen; only the rows' frame scrolls sideways",
    async (name) => {
      const { page, close } = await openOnPhone(browser.browser, realistic.pages[name]);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBe(PHONE.width);
      // Every control and chart inside the screen, not cut at its edge.
      for (const selector of [
        "#failures-filter",
        "#failures-outcome",
        ".chart canvas",
        ".u-legend",
      ]) {
        for (const box of await page
          .locator(selector)
          .evaluateAll((elements) =>
            elements.map((element) => element.getBoundingClientRect().toJSON() as DOMRect),
          )) {
          expect(box.right, `${selector} inside the screen`).toBeLessThanOrEqual(PHONE.width);
        }
      }
      // The table keeps readable columns, and its frame (focusable) scrolls them into view.
      const frame = page.locator("#failures .table-wrap");
      expect(await frame.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(
        true,
      );
      await page.screenshot({
        path: join(ARTIFACTS, `job-page-phone-${name}.png`),
        fullPage: true,
      });
      await close();
    },
  );
});
