import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ReportLine, readNdjson } from "./support/inputs.js";
import {
  expectQuietAndLocal,
  filterTable,
  openJobPage,
  tableRows,
  useBrowser,
} from "./support/job-page.js";
import { runBin } from "./support/run-bin.js";

/** Identifiers whose characters do not show, or change how the text around them shows. */
const INVISIBLE = [
  ["\u202Emoc.elpmaxe@resu", "\\u202Emoc.elpmaxe@resu"], // a right-to-left override
  ["nul\u0000x@example.com", "nul\\u0000x@example.com"],
  ["zw\u200Bj@example.com", "zw\\u200Bj@example.com"], // a zero-width space
  ["nb\u00A0sp@example.com", "nb\\u00A0sp@example.com"], // a no-break space
] as const;

// The page is kept as the record of a job: a reader must see every character of an
// identifier. A U+202E reversed the rest of its cell and a NUL showed as nothing.
describe("the job page's text in headless Chromium", () => {
  const job = useBrowser();

  it("invisible characters show as marked escapes; the report keeps them as read", async () => {
    const input = join(job.dir, "invisible.csv");
    await writeFile(input, `email\n${INVISIBLE.map(([id]) => id).join("\n")}\nok@example.com\n`);
    const report = join(job.dir, "invisible.ndjson");
    const html = join(job.dir, "invisible.html");
    const result = await runBin([
      ...["set", "--group", "g-invisible", "--state", "unsubscribed", "--input", input],
      ...["--dry-run", "--report", report, "--html", html, "--json", "--quiet"],
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(3);
    // The report holds each identifier as read, character for character.
    const lines = await readNdjson<ReportLine>(report);
    expect(lines.map((line) => line.id)).toEqual(INVISIBLE.map(([id]) => id));
    expect(await readFile(report, "utf8")).toContain("\u202E");

    const opened = await openJobPage(job.browser, html);
    const { page } = opened;
    const rows = await tableRows(page);
    expect(rows.map((row) => row[1])).toEqual(INVISIBLE.map(([, shown]) => shown));
    // Each escape is marked, so it is not taken for a backslash typed in the identifier.
    const marks = page.locator("#failures td.id .invisible");
    expect(await marks.allTextContents()).toEqual(["\\u202E", "\\u0000", "\\u200B", "\\u00A0"]);
    expect(await marks.first().getAttribute("title")).toMatch(/^invisible character U\+202E/);
    // The escape as shown finds its row.
    await filterTable(page, "", "\\u202e");
    expect((await tableRows(page)).map((row) => row[1])).toEqual([INVISIBLE[0][1]]);
    expectQuietAndLocal(opened);
    await opened.close();
  });
});
