import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import { openJobPage, pageCounts, reportCounts, useBrowserJob } from "./support/job-page.js";
import { runBin } from "./support/run-bin.js";

const KEY = "page-stopped-early-key-7e21";

// A job stopped early (exit 4) reads its whole input: every row is in its report, those it did
// not send as `not_sent`. Its page said "rows of the input it never reached are neither on this
// page nor in the report", sending an auditor looking for rows that were all there.
describe("the job page of a run stopped early, in headless Chromium", () => {
  const job = useBrowserJob(KEY);

  it("says it stopped early and that every row is counted; its counts are the whole input's", async () => {
    job.fake.setFaults({ unknownGroups: ["g-gone"] });
    try {
      const input = join(job.dir, "stopped-early.csv");
      const rows = ["external_id", ...Array.from({ length: 300 }, (_, i) => `user-${i}`)];
      await writeFile(input, `${rows.join("\n")}\n`);
      const report = join(job.dir, "stopped-early.ndjson");
      const html = join(job.dir, "stopped-early.html");
      const result = await runBin(
        [
          ...["set", "--group", "g-gone", "--state", "unsubscribed", "--input", input],
          ...["--report", report, "--html", html, "--json", "--quiet", "--yes"],
        ],
        { env: job.env() },
      );
      expect(result.code).toBe(4);
      const counts = reportCounts(await readNdjson<ReportLine>(report));
      expect(counts.total).toBe(300);

      const opened = await openJobPage(job.browser, html);
      const { page } = opened;
      expect(await pageCounts(page)).toEqual(counts);
      expect(await page.title()).toMatch(/^braze-subscriptions set \(stopped early, exit 4\): /);
      const banner = await page.locator("#run-status").textContent();
      expect(banner).toMatch(/^This run stopped early \(exit 4: stopped early: /);
      expect(banner).toContain("Every row of the input is counted below");
      expect(banner).not.toContain("never reached");
      await opened.close();
    } finally {
      job.fake.setFaults(undefined);
    }
  });
});
