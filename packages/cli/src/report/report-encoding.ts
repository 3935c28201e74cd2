import { stringify } from "csv-stringify/sync";

/** How report lines become bytes: NDJSON, or CSV for spreadsheets. */
export interface ReportEncoding {
  /** What the file starts with (the CSV's byte-order mark and header row). */
  start: string;
  /** The text of some lines, in order. */
  encode(lines: readonly object[]): string;
}

/**
 * The encoding of `--report <path>`: CSV when the path ends in `.csv` (any case), else NDJSON.
 * `columns` are the NDJSON line's keys, nested ones dotted (`error.code`): the CSV has the
 * same content, one cell per key, so `"resumed":true` is `true` and a missing key is empty.
 */
export function reportEncodingFor(path: string, columns: readonly string[]): ReportEncoding {
  if (!isCsvReport(path)) return ndjson;
  const options = {
    columns: [...columns],
    cast: { boolean: (value: boolean) => String(value) },
    // OWASP's CSV injection rule: a cell starting with = + - @ (or their full-width forms), a
    // tab or a carriage return is prefixed with ' so that a spreadsheet shows it as text
    // instead of running it as a formula. Identifiers come from files anyone may have
    // written; a phone number `+1555…` is escaped too (`'+1555…`), as OWASP says.
    escape_formulas: true,
    // RFC 4180's line break, which every spreadsheet reads.
    record_delimiter: "windows" as const,
  };
  return {
    // The byte-order mark makes Excel read UTF-8 (identifiers are not all ASCII).
    start: stringify([], { ...options, header: true, bom: true }),
    encode: (lines) => stringify(lines as object[], options),
  };
}

/** True when `--report <path>` writes CSV (the path ends in `.csv`, any case). */
export function isCsvReport(path: string): boolean {
  return path.toLowerCase().endsWith(".csv");
}

/**
 * Commands that read a report back (`verify --from-report`, `report --html`) read NDJSON, which
 * keeps every value as written; a CSV report was escaped for spreadsheets (`'=…`).
 * @throws TypeError naming `what` when `path` is a CSV report
 */
export function assertNdjsonReport(path: string, what: string): void {
  if (isCsvReport(path))
    throw new TypeError(
      `${what} reads an NDJSON report, and ${path} is CSV (escaped for spreadsheets): give the job's --report <file.ndjson>`,
    );
}

const ndjson: ReportEncoding = {
  start: "",
  encode: (lines) => {
    let text = "";
    for (const line of lines) text += `${JSON.stringify(line)}\n`;
    return text;
  },
};
