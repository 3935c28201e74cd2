import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { parseDelimiter, sniffDelimiter } from "../src/input/csv-delimiter.js";
import { reportEncodingFor } from "../src/report/report-encoding.js";

describe("sniffDelimiter", () => {
  it.each([
    ["email,name", ","],
    ["Name;E-Mail;Ort", ";"],
    ["email\tname\tcity, country", "\t"],
    ['"Nachname; Vorname",email', ","], // a ; inside quotes does not count
    ["email", ","], // one column: nothing to sniff
    ["a;b,c", ","], // a tie goes to the comma
  ])("%j → %j", (header, want) => {
    expect(sniffDelimiter(header)).toBe(want);
  });
});

describe("parseDelimiter", () => {
  it("takes one character, or tab", () => {
    expect([",", ";", "|", "tab", "\\t", "\t"].map(parseDelimiter)).toEqual([
      ",",
      ";",
      "|",
      "\t",
      "\t",
      "\t",
    ]);
  });
  it.each(["", ",,", '"', "\n", "\r"])("refuses %j", (value) => {
    expect(() => parseDelimiter(value)).toThrow(TypeError);
  });
});

describe("the CSV report's encoding", () => {
  const csv = reportEncodingFor("r.CSV", ["line", "id", "error.code", "resumed"]);
  it("escapes every cell OWASP calls formula-like, and nothing else", () => {
    const ids = ["=1", "+1", "-1", "@a", "\tx", "\rx", "\uFF1Dx", "\uFF0Bx", "\uFF0Dx", "\uFF20x"];
    const text = csv.encode(ids.map((id, at) => ({ line: -at, id, error: null })));
    const cells = parse(text, { relax_quotes: true }) as string[][];
    expect(cells.map((row) => row[1])).toEqual(ids.map((id) => `'${id}`));
    // Numbers are data, not formulas: a negative line number stays a number.
    expect(cells.map((row) => row[0])).toEqual(ids.map((_, at) => String(-at)));
  });
  it("writes a byte-order mark and the header first, nested keys dotted, true as true", () => {
    expect(csv.start).toBe("\uFEFFline,id,error.code,resumed\r\n");
    expect(csv.encode([{ line: 2, id: "a@b.c", error: { code: "x" }, resumed: true }])).toBe(
      "2,a@b.c,x,true\r\n",
    );
  });
  it("is NDJSON for any other name", () => {
    const ndjson = reportEncodingFor("r.ndjson", ["line"]);
    expect(ndjson.start).toBe("");
    expect(ndjson.encode([{ line: 1, id: "=1" }])).toBe('{"line":1,"id":"=1"}\n');
  });
});
