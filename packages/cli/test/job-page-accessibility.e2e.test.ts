import { describe, expect, it } from "vitest";
import { SETTLE_MS } from "../src/html-report/page/settled-status.js";
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
    // Written once the filters settle (see the next test).
    await expect
      .poll(() => page.locator("#failures").getByRole("status").textContent())
      .toBe('Showing 7 of 263 rows listed here (filtered by outcome invalid and text "broken").');
    await opened.close();
  });

  // The status line is a live region: it was rewritten at each keystroke, and a screen reader
  // read "Showing … rows" out six times for "broken" typed.
  it("a word typed in the filter: the rows are filtered at each key, the status line is said once", async () => {
    const opened = await openJobPage(browser.browser, realistic.pages.set);
    const { page } = opened;
    await page.evaluate(() => {
      const status = document.getElementById("failures-status") as HTMLElement;
      const input = document.getElementById("failures-filter") as HTMLInputElement;
      const seen = { said: [] as string[], atKey: [] as Array<{ value: string; rows: string[] }> };
      new MutationObserver((changes) => {
        for (const _change of changes) seen.said.push(status.textContent ?? "");
      }).observe(status, { childList: true, characterData: true, subtree: true });
      // Listeners run in the order they were added: the page's own, which filters, runs first.
      input.addEventListener("input", () => {
        const rows = document.querySelectorAll("#failures tbody tr");
        seen.atKey.push({
          value: input.value,
          rows: Array.from(rows, (row) => (row.textContent ?? "").toLowerCase()),
        });
      });
      Object.assign(window, { seen });
    });
    await page.locator("#failures-filter").focus();
    await page.keyboard.type("broken");
    const seen = () =>
      page.evaluate(
        () =>
          (
            window as unknown as {
              seen: { said: string[]; atKey: Array<{ value: string; rows: string[] }> };
            }
          ).seen,
      );
    // Each key filtered the rows before the next: every row shown holds what was typed so far.
    const { atKey } = await seen();
    expect(atKey.map((key) => key.value)).toEqual(["b", "br", "bro", "brok", "broke", "broken"]);
    for (const { value, rows } of atKey) {
      expect(rows.length, value).toBeGreaterThan(0);
      expect(
        rows.filter((row) => !row.includes(value)),
        value,
      ).toEqual([]);
    }
    const shown = atKey.at(-1)?.rows.length ?? 0;
    expect(shown).toBeLessThan(263);
    // Said once, when the typing settled, with what the table shows.
    await expect.poll(async () => (await seen()).said.length).toBe(1);
    await page.waitForTimeout(2 * SETTLE_MS);
    expect((await seen()).said).toEqual([
      `Showing ${shown} of 263 rows listed here (filtered by text "broken").`,
    ]);
    await opened.close();
  });
});
