import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  launchChromium,
  type PageActivity,
  staysLocal,
  watchPage,
} from "@braze-subscriptions/browser-testing";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DocsServer, docsIndexHtml, docsSpecJson, serveDocs } from "../src/index.js";
import { expectVisible, openOperation, pickFromMenu, visibleCode } from "./support/docs-page.js";
import { firstSentence, readSpecFacts, type SpecFacts, stringsOf } from "./support/spec-facts.js";

const SCREENSHOT = join(import.meta.dirname, "..", "test-output", "docs.png");
const VIEWPORT = { width: 1400, height: 900 };

describe("the built docs page in headless Chromium", () => {
  let browser: Browser;
  let server: DocsServer;
  let facts: SpecFacts;
  let context: BrowserContext;

  beforeAll(async () => {
    if (!existsSync(docsIndexHtml))
      throw new Error(`${docsIndexHtml} is missing: build the docs package first`);
    facts = await readSpecFacts(docsSpecJson);
    [browser, server] = await Promise.all([launchChromium(), serveDocs()]);
  });
  afterAll(async () => {
    await context?.close();
    await Promise.all([browser?.close(), server?.close()]);
  });

  async function newPage(): Promise<{ page: Page; activity: PageActivity }> {
    await context?.close();
    context = await browser.newContext({ viewport: VIEWPORT });
    const page = await context.newPage();
    return { page, activity: watchPage(page) };
  }

  function expectQuietAndLocal(page: Page, activity: PageActivity): void {
    expect(activity.requests.length).toBeGreaterThan(0);
    expect(activity.requests.filter((url) => !staysLocal(url, page.url()))).toEqual([]);
    expect(activity.failures).toEqual([]);
    expect(activity.errors).toEqual([]);
  }

  it("shows the API, its servers and the spec downloads on 127.0.0.1", async () => {
    const { page, activity } = await newPage();
    await page.goto(server.url);
    await expectVisible(page, facts.title);
    for (const url of facts.serverUrls) await expectVisible(page, url);
    for (const file of ["openapi.json", "openapi.yaml"]) {
      const link = page.locator(`a[href="${file}"]`).filter({ visible: true });
      expect(await link.count()).toBeGreaterThan(0);
      const download = await page.request.get(new URL(file, server.url).href);
      expect(download.status()).toBe(200);
    }
    const json = await page.request.get(new URL("openapi.json", server.url).href);
    expect(await json.json()).toEqual(facts.doc);
    expectQuietAndLocal(page, activity);
  });

  it("shows the operation: description, limits, every field, examples, samples and responses", async () => {
    const { page, activity } = await newPage();
    await page.goto(server.url);
    await openOperation(page, facts.tag, facts.summary);

    await expectVisible(page, firstSentence(facts.description));
    for (const phrase of facts.boldPhrases) await expectVisible(page, phrase);
    // The rate limit and the identifier cap are among what the page states, with the spec's numbers.
    expect(facts.boldPhrases.join(" ")).toContain(facts.rateLimit.toLocaleString("en-US"));
    expect(facts.boldPhrases.join(" ")).toContain(String(facts.maxItems));
    await expectVisible(page, facts.rateLimitBadge);
    for (const field of facts.bodyFields) await expectVisible(page, field);
    // The cross-field rule's choices carry the spec's titles, not Redoc's "object (2)".
    expect(facts.bodyChoices.length).toBeGreaterThan(0);
    for (const choice of facts.bodyChoices) await expectVisible(page, choice, { exact: true });

    // Request examples, as Redoc shows them (the "Payload" language), one after the other.
    const sampleLabels = facts.samples.map((sample) => sample.label);
    const languageMenu = new RegExp(
      `^(${[...sampleLabels, "Payload"].map(escapeRegExp).join("|")})$`,
    );
    await pickFromMenu(page, languageMenu, "Payload");
    for (const example of facts.examples) {
      await pickFromMenu(page, "Example", example.summary ?? example.key);
      await expectVisible(page, example.summary ?? example.key);
      const payloads = (await visibleCode(page)).filter((code) => code.startsWith("{"));
      expect(payloads.map((code) => JSON.parse(code))).toContainEqual(example.value);
    }

    // Every generated code sample, exactly as generated.
    expect(sampleLabels.length).toBe(3 * facts.examples.length);
    for (const sample of facts.samples) {
      await pickFromMenu(page, languageMenu, sample.label);
      expect(await visibleCode(page)).toContain(sample.source.trim());
    }

    // The 201 and the error responses, each with its headers and example body.
    for (const status of ["201", "400", "429"]) {
      const response = facts.responses[status];
      if (!response) throw new Error(`The spec has no ${status} response`);
      // The first operation's tabs: later operations of the page have tabs of the same name.
      await page
        .getByRole("tablist", { name: "Response status" })
        .getByRole("tab", { name: status })
        .first()
        .click();
      await expectVisible(page, firstSentence(response.description));
      expect(response.headers.filter((name) => name.startsWith("X-RateLimit-")).length).toBe(3);
      for (const header of response.headers) await expectVisible(page, header);
      const message = response.exampleMessages[0];
      if (message !== undefined) await expectVisible(page, message);
    }

    await page
      .getByRole("tablist", { name: "Response status" })
      .getByRole("tab", { name: "201" })
      .first()
      .click();
    const first = facts.examples[0];
    if (first) await pickFromMenu(page, "Example", first.summary ?? first.key);
    await pickFromMenu(page, languageMenu, sampleLabels[0] ?? "Payload");
    await screenshotWholePage(page, facts.title);
    expectQuietAndLocal(page, activity);
  });

  it("searches offline: the sidebar search finds the operation by a request field", async () => {
    const { page, activity } = await newPage();
    await page.goto(server.url);
    await page.getByText("Search").filter({ visible: true }).first().click();
    // The sidebar's entry is collapsed, so the summary becomes visible only as a search result.
    expect(await page.getByText(facts.summary).filter({ visible: true }).count()).toBe(0);
    await page.keyboard.type(facts.bodyFields.at(-1) ?? "");
    await expectVisible(page, facts.summary);
    expectQuietAndLocal(page, activity);
  });

  it("works from file:// too", async () => {
    const { page, activity } = await newPage();
    await page.goto(pathToFileURL(docsIndexHtml).href);
    await expectVisible(page, facts.title);
    await openOperation(page, facts.tag, facts.summary);
    await expectVisible(page, firstSentence(facts.description));
    for (const field of facts.bodyFields) await expectVisible(page, field);
    // The cross-field rule's choices carry the spec's titles, not Redoc's "object (2)".
    expect(facts.bodyChoices.length).toBeGreaterThan(0);
    for (const choice of facts.bodyChoices) await expectVisible(page, choice, { exact: true });
    const identifiers = stringsOf(facts.examples[0]?.value);
    for (const identifier of identifiers) await expectVisible(page, identifier);
    expect(
      activity.requests.every(
        (url) => url.startsWith("file:") || url.startsWith("data:") || url.startsWith("blob:"),
      ),
    ).toBe(true);
    expectQuietAndLocal(page, activity);
  });
});

/**
 * Saves a screenshot of the whole page. Redoc only renders the sections near the viewport, so
 * the viewport is first made as tall as the page: every section is then on screen.
 */
async function screenshotWholePage(page: Page, title: string): Promise<void> {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: VIEWPORT.width, height });
  await page.evaluate(() => window.scrollTo(0, 0));
  await expectVisible(page, title);
  await mkdir(join(SCREENSHOT, ".."), { recursive: true });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
}

describe("the page watch (negative control)", () => {
  let browser: Browser;
  let work: string;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "docs-leaky-"));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await rm(work, { recursive: true, force: true });
  });

  it("sees a page that reaches for another origin and logs an error", async () => {
    // 127.0.0.2 is another origin that refuses connections at once: no network needed.
    const leaky =
      '<!DOCTYPE html><img src="http://127.0.0.2:9/logo.png"><script>console.error("boom")</script>';
    await writeFile(join(work, "index.html"), leaky);
    const server = await serveDocs({ root: work });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const activity = watchPage(page);
      await page.goto(server.url, { waitUntil: "networkidle" });
      expect(activity.requests.filter((url) => !staysLocal(url, page.url()))).toEqual([
        "http://127.0.0.2:9/logo.png",
      ]);
      expect(activity.failures.join("\n")).toContain("http://127.0.0.2:9/logo.png");
      expect(activity.errors).toContain("console: boom");
    } finally {
      await context.close();
      await server.close();
    }
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
