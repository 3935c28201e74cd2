import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeEmailCsv } from "./support/inputs.js";
import { expectQuietAndLocal, openJobPage, useBrowserJob } from "./support/job-page.js";
import { runBin } from "./support/run-bin.js";

const KEY = "page-timeline-key-5b07d1";

// The axis labels are drawn on a canvas; each chart keeps the range uPlot ended up with in
// data-x-min/data-x-max (epoch seconds), read from the uPlot instance itself.
describe("the job page's timeline in headless Chromium", () => {
  const job = useBrowserJob(KEY);

  it("a job of a second: the time axis spans seconds around the job, not years", async () => {
    const input = join(job.dir, "short.csv");
    await writeEmailCsv(input, 3);
    const html = join(job.dir, "short.html");
    const result = await runBin(
      [
        ...["set", "--group", "g", "--state", "unsubscribed", "--input", input],
        ...["--html", html, "--json", "--quiet", "--yes"],
      ],
      { env: job.env() },
    );
    expect(result.stderr).toBe("");
    expect([0, 3]).toContain(result.code);

    const opened = await openJobPage(job.browser, html);
    const { page } = opened;
    const started = Date.parse((await page.locator("[data-field=started]").textContent()) ?? "");
    const ended = Date.parse(
      /^(.+ UTC)/.exec((await page.locator("[data-field=ended]").textContent()) ?? "")?.[1] ?? "",
    );
    expect(ended - started).toBeLessThan(10_000);
    for (const chart of ["#chart-rate", "#chart-latency"]) {
      const figure = page.locator(chart);
      await figure.locator("canvas").waitFor();
      const min = Number(await figure.getAttribute("data-x-min"));
      const max = Number(await figure.getAttribute("data-x-max"));
      // Seconds around the job: it is inside the axis, which spans 10 s to a minute.
      expect(max - min, `${chart} span`).toBeGreaterThanOrEqual(10);
      expect(max - min, `${chart} span`).toBeLessThanOrEqual(60);
      // (the page shows whole seconds)
      expect(min * 1000, chart).toBeLessThanOrEqual(started + 1000);
      expect(max * 1000, chart).toBeGreaterThanOrEqual(ended);
    }
    expectQuietAndLocal(opened);
    await opened.close();
  });
});
