import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectQuietAndLocal, openJobPage, tableRows, useBrowserJob } from "./support/job-page.js";
import { runBin } from "./support/run-bin.js";

const KEY = "page-groups-key-3e91c4";

/**
 * The page of a job of several groups is the record of which group each row concerns, and the
 * page of a verify says what Braze holds where a row differs. Both tables showed neither: a
 * `differs` row read "differs" with an empty message, and no group.
 */
describe("the job page of a job of several groups, in headless Chromium", () => {
  const job = useBrowserJob(KEY);

  it("set and verify pages list each row's group; a row that differs says what Braze holds", async () => {
    const rows = [
      ["a1@example.com", "g-news", "unsubscribed"],
      ["not-an-address", "g-news", "unsubscribed"],
      ["b1@example.com", "g-promo", "subscribed"],
      ["b2@example.com", "g-promo", "subscribed"],
      ["also.not.one", "g-promo", "subscribed"],
    ];
    const input = join(job.dir, "groups.csv");
    await writeFile(
      input,
      `${["email,group,state", ...rows.map((r) => r.join(","))].join("\n")}\n`,
    );
    const report = join(job.dir, "groups.ndjson");
    const setPage = join(job.dir, "set.html");
    const set = await runBin(
      ["set", "--input", input, "--report", report, "--html", setPage, "--quiet", "--yes"],
      { env: job.env() },
    );
    expect(set.code, set.stderr).toBe(3); // the two invalid rows

    const opened = await openJobPage(job.browser, setPage);
    // Which groups the job wrote, not only where it read them from.
    expect(await opened.page.locator("[data-field=groups-and-states]").textContent()).toBe(
      "g-news: unsubscribed (2 lines); g-promo: subscribed (3 lines)",
    );
    expect(await opened.page.locator("#failures th").allTextContents()).toEqual([
      "Line",
      "Identifier",
      "Group",
      "Outcome",
      "Error code",
      "Message",
    ]);
    expect((await tableRows(opened.page)).map((cells) => cells.slice(0, 4))).toEqual([
      ["3", "not-an-address", "g-news", "invalid"],
      ["6", "also.not.one", "g-promo", "invalid"],
    ]);
    expectQuietAndLocal(opened);
    await opened.close();

    // One row did not keep its state: verify's page names its group and what Braze holds.
    job.fake.state.set("g-promo", { email: "b2@example.com" }, "unsubscribed");
    const verifyPage = join(job.dir, "verify.html");
    const verify = await runBin(
      ["verify", "--from-report", report, "--html", verifyPage, "--quiet"],
      { env: job.env() },
    );
    expect(verify.code, verify.stderr).toBe(3);
    const read = await openJobPage(job.browser, verifyPage);
    const differs = (await tableRows(read.page)).filter((cells) => cells[3] === "differs");
    expect(differs).toEqual([
      [
        "5",
        "b2@example.com",
        "g-promo",
        "differs",
        "",
        "Braze holds unsubscribed; expected subscribed",
      ],
    ]);
    // It gave set's meaning, "some identifiers were invalid or failed", of opt-outs that did
    // not land; verify's own --help says what its 3 means.
    expect(await read.page.locator("[data-field=exit-code]").textContent()).toBe(
      "3 (some lines differ, are unknown, invalid or failed: the report says which)",
    );
    expectQuietAndLocal(read);
    await read.close();
  });
});
