import { join } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openJobPage, pageCounts, tableRows, useBrowser } from "./support/job-page.js";
import { pdfPages } from "./support/pdf-text.js";
import { useRealisticPages } from "./support/realistic-pages.js";

/** The printed pages are kept here (gitignored) as the test's artifact. */
const ARTIFACTS = join(import.meta.dirname, "..", "test-output");

/** Prints the page as Chromium's "Save as PDF" does (A4, the page's print styles). */
async function print(page: Page, name: string): Promise<string[]> {
  const pdf = await page.pdf({ format: "A4", path: join(ARTIFACTS, `job-page-print-${name}.pdf`) });
  return pdfPages(pdf);
}

/**
 * The job page printed or saved as PDF is what an auditor keeps: it must hold the totals and
 * every row that did not succeed (none cut off by the frame that scrolls them on screen), and
 * none of the controls that only work on a screen.
 */
describe("the job page printed (page.pdf in headless Chromium, read back with pdf.js)", () => {
  const browser = useBrowser();
  const realistic = useRealisticPages(() => browser.dir);

  it("the set page prints its totals and every row that did not succeed, the header on each page", async () => {
    const opened = await openJobPage(browser.browser, realistic.pages.set);
    const { page } = opened;
    await page.locator("#chart-latency canvas").first().waitFor();
    const counts = await pageCounts(page);
    const rows = await tableRows(page);
    expect(rows.length).toBe(263); // more than the frame shows on screen (560 px)
    const pages = await print(page, "set");
    const text = pages.join(" ");

    // Checked as booleans: a failure prints the message, not the text of six pages.
    expect(
      text.includes(`${counts.total?.toLocaleString("en-US")} identifiers`),
      "total printed",
    ).toBe(true);
    for (const [name, count] of Object.entries(counts)) {
      if (name === "total") continue;
      const printed = new RegExp(`${count.toLocaleString("en-US")} ${name} · [0-9.<>]+%`).test(
        text,
      );
      expect(printed, `${count} ${name} printed`).toBe(true);
    }
    // Each row, as "line identifier outcome": in order, none missing.
    let from = 0;
    for (const [line, id, outcome] of rows) {
      const at = text.indexOf(`${line} ${id} ${outcome}`, from);
      expect(at, `row ${line} ${id} printed`).toBeGreaterThan(-1);
      from = at;
    }
    // Every page the table runs over starts its part with the header.
    const tablePages = pages.filter((content) =>
      /\b\d+ person\d+@example\.com failed\b/.test(content),
    );
    expect(tablePages.length).toBeGreaterThan(1);
    for (const content of tablePages)
      expect(content).toMatch(/Line ▲ Identifier Outcome Error code Message/);

    // No filter, no hover values (uPlot's "--"), on paper.
    expect(text.includes("every outcome"), "the outcome filter printed").toBe(false);
    expect(await page.locator("#failures-filter").isVisible()).toBe(true);
    expect(/ -- /.test(text), "uPlot's hover values printed").toBe(false);
    await opened.close();
  });

  // The status line waits for the typing to settle before it is written (a screen reader says
  // each change of it): a page printed before then must still say which filter is in force.
  it("printed the moment a filter is typed, the page says which rows it shows", async () => {
    const opened = await openJobPage(browser.browser, realistic.pages.set);
    const { page } = opened;
    await page.locator("#failures-filter").fill("broken");
    const shown = (await tableRows(page)).length;
    const text = (await print(page, "set-filtered")).join(" ");
    expect(text).toContain(`Showing ${shown} of 263 rows listed here (filtered by text "broken").`);
    await opened.close();
  });

  it("a chart drawn for a wide screen shrinks to the paper; the controls are not printed", async () => {
    const opened = await openJobPage(browser.browser, realistic.pages.verify);
    const { page } = opened;
    await page.locator("#chart-latency canvas").first().waitFor();
    await page.emulateMedia({ media: "print" });
    // A4 at 96 dpi, less Chromium's default margins: 210 mm ≈ 794 px, of which ~718 print.
    await page.setViewportSize({ width: 718, height: 1000 });
    for (const selector of ["#chart-rate canvas", "#chart-latency canvas"]) {
      const box = await page.locator(selector).first().boundingBox();
      expect(box?.width, selector).toBeLessThanOrEqual(718);
      expect(box?.x, selector).toBeGreaterThanOrEqual(0);
    }
    for (const selector of [".controls", "#failures-filter", "#failures-outcome", ".u-value"]) {
      expect(await page.locator(selector).first().isVisible(), selector).toBe(false);
    }
    // What stays: the key of the charts, the rows, and the line that says how many are shown.
    expect(await page.locator("#chart-rate .u-legend").isVisible()).toBe(true);
    expect(await page.locator("#failures-status").isVisible()).toBe(true);
    const pages = await print(page, "verify");
    expect(pages.join(" ")).toContain("Braze holds unsubscribed; expected subscribed");
    await opened.close();
  });
});
