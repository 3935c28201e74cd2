import { readFile } from "node:fs/promises";
import { launchChromium } from "@braze-subscriptions/browser-testing";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type DocsServer, docsIndexHtml, serveDocs } from "../src/index.js";

// `pnpm dev` serves the docs with liveReload and calls reload() after each regeneration: a
// page open in a real browser reloads itself, under the page's own Content-Security-Policy.

let server: DocsServer;
let browser: Awaited<ReturnType<typeof launchChromium>>;
beforeAll(async () => {
  server = await serveDocs({ liveReload: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

it("an open page reloads when the server says so", async () => {
  const page = await browser.newPage();
  // The page listens once its event stream is open.
  const listening = page.waitForResponse((r) => r.url().endsWith("/__live-reload"));
  await page.goto(server.url);
  await page.waitForFunction(() => document.querySelector(".api-content") !== null);
  await listening;
  await page.evaluate(() => {
    (window as unknown as { marker: number }).marker = 1;
  });
  const reloaded = page.waitForEvent("load");
  expect(server.reload()).toBe(1);
  await reloaded;
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(
    undefined,
  );
  await page.close();
});

it("without liveReload the page is served byte for byte and reload() tells no one", async () => {
  const plain = await serveDocs();
  try {
    expect(await (await fetch(plain.url)).text()).toBe(await readFile(docsIndexHtml, "utf8"));
    expect(plain.reload()).toBe(0);
    const live = await (await fetch(server.url)).text();
    expect(live).toContain('new EventSource("/__live-reload")');
  } finally {
    await plain.close();
  }
});
