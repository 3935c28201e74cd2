import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "@braze-subscriptions/browser-testing";
import { generateDocs, operationObject } from "@braze-subscriptions/generate-docs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docsSpecJson, serveDocs } from "../src/index.js";
import { expectVisible, openOperation } from "./support/docs-page.js";
import { firstSentence, readSpecFacts, type SpecFacts } from "./support/spec-facts.js";

describe("regenerating the docs from a changed spec", () => {
  let browser: Browser;
  let work: string;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "docs-regenerate-"));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await rm(work, { recursive: true, force: true });
  });

  /**
   * Builds the docs from a copy of the spec with the operation's description set to
   * `description` (the real spec in openapi/ is never touched by a test), serves them, and
   * opens that operation in Chromium for `check`.
   */
  async function withDescription(
    name: string,
    description: string,
    check: (page: Page, html: string, facts: SpecFacts) => Promise<void>,
  ): Promise<void> {
    const facts = await readSpecFacts(docsSpecJson);
    const changed = structuredClone(facts.doc);
    operationObject(changed, facts.operation).description = description;
    const specPath = join(work, `${name}.json`);
    await writeFile(specPath, JSON.stringify(changed, null, 2));
    const written = await generateDocs({ specPath, outDir: join(work, name) });
    const html = await readFile(written.indexHtml, "utf8");
    const server = await serveDocs({ root: join(work, name) });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await openOperation(page, facts.tag, facts.summary);
      await check(page, html, facts);
    } finally {
      await context.close();
      await server.close();
    }
  }

  it("shows the new operation description, and not the old one", async () => {
    const newDescription =
      "Changed by the regeneration test: this sentence exists only in a temporary copy.";
    await withDescription("changed", newDescription, async (page, html, facts) => {
      expect(html).toContain(newDescription);
      expect(html).not.toContain(firstSentence(facts.description));
      await expectVisible(page, newDescription);
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the visible text, which is what is checked.
      expect(await page.locator("body").innerText()).not.toContain(
        firstSentence(facts.description),
      );
    });
  });

  it("runs no script a description carries, and shows its text", async () => {
    // HTML with script handlers in a description. The page allows inline scripts (Redoc's
    // own); Redoc renders a description's HTML without its handlers. Kept so across upgrades.
    const visible = "A description edited by someone the docs should not trust.";
    const hostile =
      `${visible}\n\n<img src="data:," onerror="window.pwned = 'img'">` +
      `<svg><animate onbegin="window.pwned = 'svg'" attributeName="x" dur="1s"/></svg>`;
    await withDescription("hostile", hostile, async (page) => {
      await expectVisible(page, visible);
      // An image that cannot load fires its error at once; give the page a moment anyway.
      await page.waitForTimeout(300);
      expect(await page.locator("img[src='data:,']").count()).toBe(1);
      expect(await page.evaluate(() => (window as { pwned?: string }).pwned)).toBeUndefined();
    });
  });
});
