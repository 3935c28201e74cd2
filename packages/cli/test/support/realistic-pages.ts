import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterAll, beforeAll, expect } from "vitest";
import { writeEmailCsv } from "./inputs.js";
import { runBin } from "./run-bin.js";

/** The job pages a reviewer of the page's form (accessibility, print) looks at, by name. */
export interface RealisticPages {
  /** A `set` of 600 rows with invalid and duplicate rows, and rows failed by 5xx answers. */
  set: string;
  /** A `set` over two groups, with an invalid row in each. */
  groups: string;
  /** A `verify` of the groups job where Braze holds another state for one row. */
  verify: string;
  /** A page rendered by `report` from the set's report alone (no job record, no timeline). */
  report: string;
}

const KEY = "realistic-pages-key-52b0e7";
const SET_ROWS = 600;

/**
 * Runs the CLI's bin against two Braze fakes (one answering some requests with 5xx, with no
 * retry, so rows end `failed`; one healthy) and writes the four pages of
 * {@link RealisticPages} into `dir()`, once for the test file. The fakes stop at its end.
 */
export function useRealisticPages(dir: () => string): { readonly pages: RealisticPages } {
  let pages: RealisticPages | undefined;
  let faulty: BrazeFake | undefined;
  let healthy: BrazeFake | undefined;
  beforeAll(async () => {
    [faulty, healthy] = await Promise.all([
      startBrazeFake({
        apiKeys: [KEY],
        rateLimit: false,
        faults: { seed: 11, rates: { "500": 0.2, "503": 0.2 } },
      }),
      startBrazeFake({ apiKeys: [KEY], rateLimit: false }),
    ]);
    pages = await writePages(dir(), faulty, healthy);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([faulty?.close(), healthy?.close()]);
  });
  return {
    get pages() {
      return pages as RealisticPages;
    },
  };
}

async function writePages(
  dir: string,
  faulty: BrazeFake,
  healthy: BrazeFake,
): Promise<RealisticPages> {
  const env = (fake: BrazeFake) => ({ BRAZE_API_KEY: KEY, BRAZE_REST_URL: fake.url });
  const pages: RealisticPages = {
    set: join(dir, "set.html"),
    groups: join(dir, "groups.html"),
    verify: join(dir, "verify.html"),
    report: join(dir, "report.html"),
  };

  const emails = join(dir, "emails.csv");
  await writeEmailCsv(emails, SET_ROWS);
  const setReport = join(dir, "set.ndjson");
  const set = await runBin(
    [
      ...["set", "--group", "g-newsletter", "--state", "unsubscribed", "--input", emails],
      ...["--report", setReport, "--html", pages.set, "--max-retries", "0"],
      ...["--no-preflight", "--quiet", "--yes"],
    ],
    { env: env(faulty) },
  );
  expect(set.code, set.stderr).toBe(3);

  const groups = join(dir, "groups.csv");
  await writeFile(
    groups,
    [
      "email,group,state",
      "a1@example.com,g-news,unsubscribed",
      "not-an-address,g-news,unsubscribed",
      "a2@example.com,g-news,unsubscribed",
      "b1@example.com,g-promo,subscribed",
      "b2@example.com,g-promo,subscribed",
      "also.not.one,g-promo,subscribed",
      "",
    ].join("\n"),
  );
  const groupsReport = join(dir, "groups.ndjson");
  const multi = await runBin(
    [
      "set",
      "--input",
      groups,
      "--report",
      groupsReport,
      "--html",
      pages.groups,
      "--quiet",
      "--yes",
    ],
    { env: env(healthy) },
  );
  expect(multi.code, multi.stderr).toBe(3);

  // Two rows no longer hold what was written: verify lists them as differing.
  healthy.state.set("g-promo", { email: "b2@example.com" }, "unsubscribed");
  healthy.state.set("g-news", { email: "a2@example.com" }, "subscribed");
  const verify = await runBin(
    ["verify", "--from-report", groupsReport, "--html", pages.verify, "--quiet"],
    { env: env(healthy) },
  );
  expect(verify.code, verify.stderr).toBe(3);

  // A copy of the report without the job record beside it: the page knows only its rows.
  const bare = join(dir, "bare.ndjson");
  await copyFile(setReport, bare);
  const fromReport = await runBin(["report", bare, "--html", pages.report]);
  expect(fromReport.code, fromReport.stderr).toBe(0);
  return pages;
}
