import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { launchChromium } from "@braze-subscriptions/browser-testing";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ReportLine, readNdjson, tempDir } from "./support/inputs.js";
import { expectQuietAndLocal, openJobPage, pageCounts, reportCounts } from "./support/job-page.js";
import { runBin } from "./support/run-bin.js";

const KEY = "page-counts-key-41c9e2";

// The page is what people show as the record of a job: each of its counts must be the
// report's, line for line, and its total the --json summary's, whatever path a row took.
describe("the job page's counts are the report's, in headless Chromium", () => {
  let browser: Browser;
  let fake: BrazeFake;
  let temp: Awaited<ReturnType<typeof tempDir>>;
  const env = () => ({ BRAZE_API_KEY: KEY, BRAZE_REST_URL: fake.url });

  beforeAll(async () => {
    [browser, temp, fake] = await Promise.all([
      launchChromium(),
      tempDir(),
      startBrazeFake({ apiKeys: [KEY], rateLimit: false }),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await fake?.close();
    await temp?.cleanup();
  });

  it("set --skip-unchanged: unchanged, invalid and duplicate rows settled by the reads are on the page", async () => {
    const input = join(temp.dir, "skip.csv");
    const rows = ["external_id"];
    for (let i = 0; i < 200; i++) rows.push(`user-${i}`);
    // Over the spec's maxLength (invalid), and a repeat of an id the reads find unchanged.
    rows.push("x".repeat(600), "user-3");
    await writeFile(input, `${rows.join("\n")}\n`);
    for (let i = 0; i < 50; i++) fake.state.set("g", { externalId: `user-${i}` }, "unsubscribed");
    const report = join(temp.dir, "skip.ndjson");
    const html = join(temp.dir, "skip.html");
    const result = await runBin(
      [
        ...["set", "--group", "g", "--state", "unsubscribed", "--input", input],
        ...["--skip-unchanged", "--report", report, "--html", html, "--json", "--quiet", "--yes"],
      ],
      { env: env() },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(3);
    const summary = JSON.parse(result.stdout);
    const counts = reportCounts(await readNdjson<ReportLine>(report));
    expect(counts).toEqual({ total: 202, succeeded: 150, unchanged: 50, invalid: 1, duplicate: 1 });
    expect(summary.total).toBe(counts.total);

    const opened = await openJobPage(browser, html);
    expect(await pageCounts(opened.page)).toEqual(counts);
    expect(await opened.page.title()).toContain("1 invalid");
    expect(await opened.page.locator("#failures-note").textContent()).not.toContain(
      "Every row succeeded",
    );
    expectQuietAndLocal(opened);
    await opened.close();

    // The job record agrees with the report, so the page rendered later shows the job too.
    const later = await runBin(["report", report, "--html", join(temp.dir, "skip-later.html")]);
    expect(later.stderr).toBe("");
    expect(later.code).toBe(0);
  });
});
