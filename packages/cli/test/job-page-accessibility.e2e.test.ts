import { describe, expect, it } from "vitest";
import { axeViolations } from "./support/axe.js";
import { expectQuietAndLocal, openJobPage, useBrowser } from "./support/job-page.js";
import { type RealisticPages, useRealisticPages } from "./support/realistic-pages.js";

/**
 * The job page is the proof, kept for an auditor, that every opt-out landed: whoever reads it
 * with a screen reader must get what a sighted reader gets. axe-core checks the markup; the
 * tests below it check what axe cannot see, such as a canvas that says nothing.
 */
describe("the job page, read by assistive technology (axe-core, in headless Chromium)", () => {
  const browser = useBrowser();
  const realistic = useRealisticPages(() => browser.dir);
  const names: Array<keyof RealisticPages> = ["set", "groups", "verify", "report"];

  it.each(names)("the %s page has no accessibility violation, at any impact", async (name) => {
    const opened = await openJobPage(browser.browser, realistic.pages[name]);
    expect(await axeViolations(opened.page)).toEqual([]);
    expectQuietAndLocal(opened);
    await opened.close();
  });

  it("with a chart's series hidden, its key stays readable (uPlot dimmed it to 30 % opacity)", async () => {
    const opened = await openJobPage(browser.browser, realistic.pages.groups);
    const toggle = opened.page.locator("#chart-rate .series-toggle").first();
    await toggle.click();
    expect(await toggle.getAttribute("aria-pressed")).toBe("false");
    expect(await axeViolations(opened.page)).toEqual([]);
    await opened.close();
  });

  it("each chart is an image whose name says its numbers, as the page shows them", async () => {
    const opened = await openJobPage(browser.browser, realistic.pages.set);
    const { page } = opened;
    await page.locator("#chart-latency canvas").first().waitFor();
    const rate = page.getByRole("img", { name: /^Chart: Requests in any 1 min/ });
    await expect.poll(() => rate.count()).toBe(1);
    const rateName = (await rate.getAttribute("aria-label")) ?? "";
    const requests = (await page.locator("[data-stat=requests]").textContent()) ?? "";
    expect(rateName).toContain(requests); // "12 requests sent"
    expect(rateName).toMatch(/\d+ answered 429, \d+ retries and \d+ pauses/);

    const latency = page.getByRole("img", { name: /^Latency of answers \(ms\): / });
    const summary = (await page.locator("[data-summary=latency]").textContent()) ?? "";
    expect(summary).toMatch(/^Per second with answers: p50 [\d,]+( to [\d,]+)? ms; p95 /);
    expect(await latency.getAttribute("aria-label")).toBe(`Latency of answers (ms): ${summary}`);
    // The legend's values are "--" until a pointer hovers: nothing a screen reader can use.
    expect(await page.locator(".u-legend .u-value:not([aria-hidden=true])").count()).toBe(0);
    await opened.close();
  });

  it("the rows' frame, which scrolls, is a named region a keyboard can focus", async () => {
    const opened = await openJobPage(browser.browser, realistic.pages.verify);
    const region = opened.page.getByRole("region", {
      name: "Rows that did not succeed, scrollable",
    });
    expect(await region.getAttribute("tabindex")).toBe("0");
    expect(await region.locator("tbody tr").count()).toBe(2); // the two rows that differ
    await opened.close();
  });

  it("the filters' status says what is filtered, so a page printed filtered says so", async () => {
    const opened = await openJobPage(browser.browser, realistic.pages.set);
    const { page } = opened;
    await page.locator("#failures-outcome").selectOption("invalid");
    await page.locator("#failures-filter").fill("broken");
    expect(await page.locator("#failures").getByRole("status").textContent()).toBe(
      'Showing 7 of 263 rows listed here (filtered by outcome invalid and text "broken").',
    );
    await opened.close();
  });
});
