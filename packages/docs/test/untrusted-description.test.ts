import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchChromium } from "@braze-subscriptions/browser-testing";
import { generateDocs, operationObject } from "@braze-subscriptions/generate-docs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, expect, it } from "vitest";
import { docsSpecJson, serveDocs } from "../src/index.js";
import { expectVisible, openOperation } from "./support/docs-page.js";
import { readSpecFacts } from "./support/spec-facts.js";

let browser: Browser;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "docs-untrusted-"));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rm(work, { recursive: true, force: true });
});

it("runs no script a spec description carries, and shows its text", async () => {
  // A copy of the spec whose operation description carries HTML with script handlers. The
  // page allows inline scripts (Redoc's own); Redoc renders a description's HTML without its
  // handlers. This test keeps it so across Redoc upgrades.
  const facts = await readSpecFacts(docsSpecJson);
  const changed = structuredClone(facts.doc);
  const visible = "A description edited by someone the docs should not trust.";
  operationObject(changed, facts.operation).description =
    `${visible}\n\n<img src="data:," onerror="window.pwned = 'img'">` +
    `<svg><animate onbegin="window.pwned = 'svg'" attributeName="x" dur="1s"/></svg>`;
  const specPath = join(work, "openapi.json");
  await writeFile(specPath, JSON.stringify(changed, null, 2));
  const written = await generateDocs({ specPath, outDir: join(work, "dist") });

  const server = await serveDocs({ root: join(work, "dist") });
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(server.url);
    await openOperation(page, facts.tag, facts.summary);
    await expectVisible(page, visible);
    // An image that cannot load fires its error at once; give the page a moment anyway.
    await page.waitForTimeout(300);
    // The image is shown, without its handler.
    expect(await page.locator("img[src='data:,']").count()).toBe(1);
    expect(await page.evaluate(() => (window as { pwned?: string }).pwned)).toBeUndefined();
    expect(written.indexHtml).toContain(work);
  } finally {
    await context.close();
    await server.close();
  }
});
