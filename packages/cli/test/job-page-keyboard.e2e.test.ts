import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { openJobPage, tableRows, useBrowser } from "./support/job-page.js";
import { useRealisticPages } from "./support/realistic-pages.js";

/** What has focus: its role-like description, for the tab order. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement;
    const label = element.getAttribute("aria-label") ?? element.textContent?.trim() ?? "";
    return `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ""} ${label}`.trim();
  });
}

/** Whether the focused element draws a focus ring (`all: unset` took it from the sort buttons). */
function showsFocus(page: Page): Promise<boolean> {
  return page.evaluate(() => {
    const style = getComputedStyle(document.activeElement as Element);
    return style.outlineStyle !== "none" && Number.parseFloat(style.outlineWidth) > 0;
  });
}

/**
 * Everything the job page does on a click, done with the keyboard alone: Tab reaches each
 * control in reading order and shows where it is, Enter and Space work them.
 */
describe("the job page, used with the keyboard alone (headless Chromium)", () => {
  const browser = useBrowser();
  const realistic = useRealisticPages(() => browser.dir);

  it("Tab reaches the charts' keys, the filters, the rows' frame and each sort button, each showing its focus", async () => {
    const opened = await openJobPage(browser.browser, realistic.pages.groups);
    const { page } = opened;
    await page.locator("#chart-latency .series-toggle").first().waitFor();
    const order: string[] = [];
    for (let stop = 0; stop < 17; stop += 1) {
      await page.keyboard.press("Tab");
      order.push(await focused(page));
      expect(await showsFocus(page), `focus ring on ${order.at(-1)}`).toBe(true);
    }
    expect(order.map((stop) => stop.replace(/^(select#failures-outcome).*/, "$1"))).toEqual([
      "button requests in 1 min",
      "button the rule allows",
      "button 429s",
      "button retries",
      "button pauses",
      "button p50",
      "button p95",
      "button p99",
      "select#failures-outcome",
      "input#failures-filter Filter rows",
      "div Rows that did not succeed, scrollable",
      "button Line",
      "button Identifier",
      "button Group",
      "button Outcome",
      "button Error code",
      "button Message",
    ]);
    await opened.close();
  });

  it("Space hides and shows a chart's series; Enter sorts a column; typing filters; Page Down scrolls the rows", async () => {
    const opened = await openJobPage(browser.browser, realistic.pages.set);
    const { page } = opened;
    const retries = page.locator("#chart-rate .series-toggle", { hasText: "retries" });
    await retries.focus();
    await page.keyboard.press("Space");
    expect(await retries.getAttribute("aria-pressed")).toBe("false");
    expect(await page.locator("#chart-rate .u-series.u-off").count()).toBe(1); // uPlot hid it
    await page.keyboard.press("Enter");
    expect(await retries.getAttribute("aria-pressed")).toBe("true");
    expect(await page.locator("#chart-rate .u-series.u-off").count()).toBe(0);

    // Sorted by line, ascending, to start with; Enter on "Line" turns it round.
    const line = page.locator("#failures th[data-column=line]");
    await line.locator("button").focus();
    await page.keyboard.press("Enter");
    expect(await line.getAttribute("aria-sort")).toBe("descending");
    const lines = (await tableRows(page)).map((cells) => Number(cells[0]));
    expect(lines).toEqual([...lines].sort((a, b) => b - a));

    await page.locator("#failures-outcome").focus();
    await page.keyboard.press("Tab");
    await page.keyboard.type("broken-13.");
    expect((await tableRows(page)).map((cells) => cells[1])).toEqual(["broken-13.example.com"]);
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Backspace");

    // 263 rows in a frame 560 px high: the keyboard scrolls it once it has focus.
    const frame = page.locator("#failures .table-wrap");
    await frame.focus();
    await page.keyboard.press("PageDown");
    await expect.poll(() => frame.evaluate((element) => element.scrollTop)).toBeGreaterThan(0);
    await opened.close();
  });
});
