import { pathToFileURL } from "node:url";
import {
  launchChromium,
  type PageActivity,
  staysLocal,
  watchPage,
} from "@braze-subscriptions/browser-testing";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import type { ReportLine } from "./inputs.js";
import { useTempDir } from "./temp-dir.js";

/** A job page opened in Chromium, with what it requested and logged. */
export interface OpenedPage {
  page: Page;
  activity: PageActivity;
  close(): Promise<void>;
}

/** Opens a page file in a fresh context and waits until its script has built it. */
export async function openJobPage(browser: Browser, path: string): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const activity = watchPage(page);
  await page.goto(pathToFileURL(path).href);
  await page.locator("body[data-ready=true]").waitFor({ timeout: 10_000 });
  return { page, activity, close: () => context.close() };
}

/** Asserts the page logged no error and asked for nothing but itself. */
export function expectQuietAndLocal({ page, activity }: OpenedPage): void {
  expect(activity.errors).toEqual([]);
  expect(activity.failures).toEqual([]);
  expect(activity.requests).toEqual([page.url()]);
  expect(activity.requests.filter((url) => !staysLocal(url, page.url()))).toEqual([]);
}

/** The time span (epoch seconds) each chart shows, from `data-x-min`/`data-x-max`. */
export async function chartSpans(page: Page): Promise<Array<[number, number]>> {
  return Promise.all(
    ["#chart-rate", "#chart-latency"].map(async (chart) => {
      const figure = page.locator(chart);
      return [
        Number(await figure.getAttribute("data-x-min")),
        Number(await figure.getAttribute("data-x-max")),
      ] as [number, number];
    }),
  );
}

/** The outcome counts the page shows, by outcome name (and `total`). */
export async function pageCounts(page: Page): Promise<Record<string, number>> {
  const items = page.locator("#outcomes li[data-outcome]");
  const counts: Record<string, number> = {};
  for (const item of await items.all()) {
    const name = (await item.getAttribute("data-outcome")) as string;
    const shown = ((await item.locator(".figure").textContent()) ?? "").replaceAll(",", "");
    counts[name] = Number(shown);
  }
  return counts;
}

/** The 429 answers the page's timeline counts (`[data-stat=throttled]`, "1,234 × 429"). */
export async function shown429(page: Page): Promise<number> {
  const text = (await page.locator("[data-stat=throttled]").textContent()) ?? "";
  const count = /^([\d,]+) × 429$/.exec(text)?.[1];
  expect(count, `throttled stat ${JSON.stringify(text)}`).toBeDefined();
  return Number(count?.replaceAll(",", ""));
}

/** Outcome counts of an NDJSON report, with `total`. */
export function reportCounts(lines: ReportLine[]): Record<string, number> {
  const counts: Record<string, number> = { total: lines.length };
  for (const line of lines) counts[line.outcome] = (counts[line.outcome] ?? 0) + 1;
  return counts;
}

/** The rows of the failures table as shown: `[line, id, outcome label, code, message]`. */
export async function tableRows(page: Page): Promise<string[][]> {
  return page
    .locator("#failures tbody tr")
    .evaluateAll((rows) =>
      rows.map((row) => Array.from(row.querySelectorAll("td"), (cell) => cell.textContent ?? "")),
    );
}

/** Sets the failures table's outcome and text filters. */
export async function filterTable(page: Page, outcome: string, text: string): Promise<void> {
  await page.locator("#failures-outcome").selectOption(outcome);
  await page.locator("#failures-filter").fill(text);
}

/** What {@link useBrowser} gives a test file of job pages: Chromium and a temporary directory. */
export interface BrowserFiles {
  readonly browser: Browser;
  readonly dir: string;
}

/** What {@link useBrowserJob} gives a test file of job pages. */
export interface BrowserJob extends BrowserFiles {
  readonly fake: BrazeFake;
  /** `BRAZE_API_KEY` and `BRAZE_REST_URL` for the bin, pointing at the fake. */
  env(): Record<string, string>;
}

/**
 * Launches headless Chromium and makes a temporary directory for the test file, and closes
 * and removes both at its end.
 */
export function useBrowser(): BrowserFiles {
  const temp = useTempDir();
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      return browser as Browser;
    },
    get dir() {
      return temp.dir;
    },
  };
}

/**
 * {@link useBrowser}, and the Braze fake (accepting `key`, no rate limit), stopped at the
 * file's end. The fake's state is kept across the file's tests.
 */
export function useBrowserJob(key: string): BrowserJob {
  const files = useBrowser();
  let fake: BrazeFake | undefined;
  beforeAll(async () => {
    fake = await startBrazeFake({ apiKeys: [key], rateLimit: false });
  });
  afterAll(async () => {
    await fake?.close();
  });
  return {
    get browser() {
      return files.browser;
    },
    get dir() {
      return files.dir;
    },
    get fake() {
      return fake as BrazeFake;
    },
    env: () => ({ BRAZE_API_KEY: key, BRAZE_REST_URL: (fake as BrazeFake).url }),
  };
}
