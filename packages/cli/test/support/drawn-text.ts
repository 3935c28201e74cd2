import { pathToFileURL } from "node:url";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";

/** A text drawn on a canvas: the chart's axes and their labels are drawn, not written. */
export interface DrawnText {
  /** The id of the figure (chart) whose canvas it was drawn on. */
  figure: string;
  text: string;
  /** Where it was drawn and how wide it is, in the canvas's pixels. */
  x: number;
  y: number;
  width: number;
  align: CanvasTextAlign;
}

/**
 * Makes every page of `context` record each text drawn on a canvas ({@link drawnTexts}), from
 * before its script runs.
 */
export async function recordDrawnText(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const drawn: unknown[] = [];
    Object.assign(window, { drawnTexts: drawn });
    const fillText = CanvasRenderingContext2D.prototype.fillText;
    CanvasRenderingContext2D.prototype.fillText = function (
      this: CanvasRenderingContext2D,
      ...args
    ) {
      const [text, x, y] = args;
      drawn.push({
        figure: this.canvas.closest("figure")?.id ?? "",
        text: String(text),
        x,
        y,
        width: this.measureText(String(text)).width,
        align: this.textAlign,
      });
      return fillText.apply(this, args);
    };
  });
}

/** What was drawn since the page opened or since {@link forgetDrawnText}. */
export function drawnTexts(page: Page): Promise<DrawnText[]> {
  return page.evaluate(() => (window as unknown as { drawnTexts: DrawnText[] }).drawnTexts);
}

/** Forgets what was drawn so far, so that {@link drawnTexts} says what is drawn next. */
export async function forgetDrawnText(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { drawnTexts: DrawnText[] }).drawnTexts.length = 0;
  });
}

/**
 * Opens the job page at `path` in a new context made with `options` (a viewport, a time
 * zone), recording what its charts draw, once the page is ready and its charts are drawn.
 */
export async function openDrawing(
  browser: Browser,
  path: string,
  options: BrowserContextOptions,
): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext(options);
  await recordDrawnText(context);
  const page = await context.newPage();
  await page.goto(pathToFileURL(path).href);
  await page.locator("body[data-ready=true]").waitFor({ timeout: 10_000 });
  await page.locator("#chart-latency canvas").first().waitFor();
  return { page, close: () => context.close() };
}
