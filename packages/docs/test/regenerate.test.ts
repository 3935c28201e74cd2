import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "@braze-subscriptions/browser-testing";
import { generateDocs, operationObject } from "@braze-subscriptions/generate-docs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docsSpecJson, serveDocs } from "../src/index.js";
import { expectVisible, openOperation } from "./support/docs-page.js";
import { firstSentence, readSpecFacts } from "./support/spec-facts.js";

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

  it("shows the new operation description, and not the old one", async () => {
    // A copy of the spec: the real one in openapi/ is never touched by a test.
    const facts = await readSpecFacts(docsSpecJson);
    const changed = structuredClone(facts.doc);
    const newDescription =
      "Changed by the regeneration test: this sentence exists only in a temporary copy.";
    operationObject(changed, facts.operation).description = newDescription;
    const specPath = join(work, "openapi.json");
    await writeFile(specPath, JSON.stringify(changed, null, 2));

    const written = await generateDocs({ specPath, outDir: join(work, "dist") });
    const html = await readFile(written.indexHtml, "utf8");
    expect(html).toContain(newDescription);
    expect(html).not.toContain(firstSentence(facts.description));

    const server = await serveDocs({ root: join(work, "dist") });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(server.url);
      await openOperation(page, facts.tag, facts.summary);
      await expectVisible(page, newDescription);
      // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the visible text, which is what is checked.
      expect(await page.locator("body").innerText()).not.toContain(
        firstSentence(facts.description),
      );
    } finally {
      await context.close();
      await server.close();
    }
  });
});
