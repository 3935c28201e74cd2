import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { countLines } from "../src/input/count-lines.js";
import { CsvRecordAssembler, type CsvRow } from "../src/input/csv-record-assembler.js";
import type { InputRecord } from "../src/input/input-record.js";
import { lineChunks } from "../src/input/line-chunks.js";
import { LineMap } from "../src/input/line-map.js";
import { readCsv } from "../src/input/read-csv.js";
import { readLines } from "../src/input/read-lines.js";

const stream = (...chunks: string[]) => Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
const collect = async (records: AsyncIterable<InputRecord>) => {
  const out: InputRecord[] = [];
  for await (const record of records) out.push(record);
  return out;
};

describe("readCsv", () => {
  it("keeps the line each record starts on across quotes, CRLF, blank lines and chunk borders", async () => {
    const source = await readCsv(
      stream(
        '\uFEFFName,Email\r\n"Ada, Countess",ada@example.com\r\n\r\n"multi\nline",  b@example.com \r',
        '\n"say ""hi""",c@exa',
        "mple.com",
      ),
      { column: undefined, type: undefined },
      "test.csv",
    );
    expect(source).toMatchObject({ column: "Email", type: "email" });
    expect(await collect(source.records)).toEqual([
      { kind: "identifier", id: "ada@example.com", line: 2 },
      { kind: "identifier", id: "b@example.com", line: 4 },
      { kind: "identifier", id: "c@example.com", line: 6 },
    ]);
  });

  it("reports an empty cell as an identifier (to be judged invalid) and a short row the same way", async () => {
    const source = await readCsv(
      stream("email,name\n,Bob\nonly-name\n"),
      { column: "name", type: "external_id" },
      "t",
    );
    expect(source).toMatchObject({ column: "name", type: "external_id" });
    const source2 = await readCsv(
      stream("name,email\nBob\n"),
      { column: undefined, type: undefined },
      "t",
    );
    expect(await collect(source2.records)).toEqual([{ kind: "identifier", id: "", line: 2 }]);
    expect(await collect(source.records)).toEqual([
      { kind: "identifier", id: "Bob", line: 2 },
      { kind: "identifier", id: "", line: 3 },
    ]);
  });

  it.each([
    ["an empty file", "", /is empty/],
    ["no identifier column", "a,b\n1,2\n", /has no external_id, email, phone column/],
    ["two identifier columns", "email,external_id\n", /several identifier columns/],
    ["an unknown --column", "email\n", /--column zip: no such column/],
  ])("refuses %s", async (_name, text, message) => {
    const choice = { column: text === "email\n" ? "zip" : undefined, type: undefined };
    await expect(readCsv(stream(text), choice, "t")).rejects.toThrow(message);
  });
});

describe("CsvRecordAssembler", () => {
  const rowsOf = (lines: string[]) => {
    const assembler = new CsvRecordAssembler();
    const out: CsvRow[] = [];
    for (const [i, line] of lines.entries()) assembler.push(line, i + 1, out);
    assembler.end(out);
    return out;
  };

  it("turns a quote never closed into one malformed line and reads the following lines again", () => {
    const out = rowsOf(['"unclosed,a@example.com', "b@example.com,x", "c@example.com,y"]);
    expect(out).toEqual([
      { kind: "malformed", line: 1, message: expect.stringMatching(/never closed/) },
      { kind: "row", fields: ["b@example.com", "x"], line: 2 },
      { kind: "row", fields: ["c@example.com", "y"], line: 3 },
    ]);
  });

  it("reads a quote inside an unquoted cell as text, and two such quotes swallow no row between them", () => {
    const out = rowsOf([
      'O"Brien,ob@example.com',
      "n1,e1@example.com",
      "n2,e2@example.com",
      'Dwayne "The Rock,rock@example.com',
      "n3,e3@example.com",
    ]);
    expect(out).toEqual([
      { kind: "row", fields: ['O"Brien', "ob@example.com"], line: 1 },
      { kind: "row", fields: ["n1", "e1@example.com"], line: 2 },
      { kind: "row", fields: ["n2", "e2@example.com"], line: 3 },
      { kind: "row", fields: ['Dwayne "The Rock', "rock@example.com"], line: 4 },
      { kind: "row", fields: ["n3", "e3@example.com"], line: 5 },
    ]);
  });

  it("gives up an opening quote that a stray quote lines later seems to close, and reads the lines between again", () => {
    const out = rowsOf([
      'x,"abc',
      "n1,e1@example.com",
      'O"Brien,e2@example.com',
      "n3,e3@example.com",
    ]);
    expect(out).toEqual([
      { kind: "malformed", line: 1, message: expect.any(String) },
      { kind: "row", fields: ["n1", "e1@example.com"], line: 2 },
      { kind: "row", fields: ['O"Brien', "e2@example.com"], line: 3 },
      { kind: "row", fields: ["n3", "e3@example.com"], line: 4 },
    ]);
  });

  it("still joins a quoted cell that spans lines, with a doubled quote in it", () => {
    const out = rowsOf(['a,"say ""hi', 'there""",b@example.com', "c,d@example.com"]);
    expect(out).toEqual([
      { kind: "row", fields: ["a", 'say "hi\nthere"', "b@example.com"], line: 1 },
      { kind: "row", fields: ["c", "d@example.com"], line: 3 },
    ]);
  });

  it("gives up on an opening quote after 100 lines, not at the end of the file", () => {
    const lines = ['"open', ...Array.from({ length: 150 }, (_, i) => `id-${i}`)];
    const out = rowsOf(lines);
    expect(out[0]).toMatchObject({ kind: "malformed", line: 1 });
    expect(out.slice(1).map((row) => (row.kind === "row" ? row.fields[0] : row.kind))).toEqual(
      lines.slice(1),
    );
  });
});

describe("readLines", () => {
  it("trims, skips blank lines and a header named after the type, and numbers lines", async () => {
    const records = await collect(
      readLines(stream("email\r\n a@example.com \n\n", "b@example.com"), "email"),
    );
    expect(records).toEqual([
      { kind: "identifier", id: "a@example.com", line: 2 },
      { kind: "identifier", id: "b@example.com", line: 4 },
    ]);
  });
});

describe("cells that are not UTF-8 (a file in another encoding)", () => {
  // Windows-1252, as Excel's "CSV" on Windows writes it: é is the byte 0xE9, not UTF-8.
  const bytes = (text: string) => Readable.from([Buffer.from(text, "latin1")]);
  const notUtf8 = (line: number, cell: string, text: string) => ({
    kind: "malformed",
    line,
    code: "not_utf8",
    message: expect.stringMatching(
      new RegExp(
        `^its ${cell} ${JSON.stringify(text)} holds bytes that are not UTF-8 .*Windows-1252`,
      ),
    ),
  });

  it("an identifier read with U+FFFD is a not_utf8 row, never an identifier; a name column does not matter", async () => {
    const source = await readCsv(
      bytes("external_id,name\njosé-42,José\nann-1,Zoë\n"),
      { column: undefined, type: undefined },
      "latin1.csv",
    );
    expect(await collect(source.records)).toEqual([
      notUtf8(2, "identifier", "jos\uFFFD-42"),
      { kind: "identifier", id: "ann-1", line: 3 },
    ]);
    expect(await collect(readLines(bytes("josé@example.com\nann@example.com\n"), "email"))).toEqual(
      [
        notUtf8(1, "identifier", "jos\uFFFD@example.com"),
        { kind: "identifier", id: "ann@example.com", line: 2 },
      ],
    );
  });

  it("so is a group or state cell of a multi-group row (it would send to another group)", async () => {
    const source = await readCsv(
      bytes(
        "email,group,state\na@example.com,newsletter-é,unsubscribed\nb@example.com,news,unsubscribéd\nc@example.com,news,subscribed\n",
      ),
      { column: undefined, type: undefined },
      "rows.csv",
    );
    expect(await collect(source.records)).toEqual([
      notUtf8(2, "group", "newsletter-\uFFFD"),
      notUtf8(3, "state", "unsubscrib\uFFFDd"),
      { kind: "identifier", id: "c@example.com", line: 4, group: "news", state: "subscribed" },
    ]);
  });
});

describe("LineMap", () => {
  it("maps indices back to lines with one breakpoint per gap", () => {
    const map = new LineMap();
    const lines = [2, 3, 4, 7, 8, 20, 21, 22];
    for (const line of lines) map.push(line);
    expect(lines.map((_, index) => map.lineOf(index))).toEqual(lines);
    expect(map.lineOf(8)).toBeUndefined();
    expect(map.lineOf(-1)).toBeUndefined();
  });

  it("maps a million consecutive lines", () => {
    const map = new LineMap();
    for (let line = 2; line < 1_000_002; line += 1) map.push(line);
    expect(map.lineOf(999_999)).toBe(1_000_001);
    expect(map.count).toBe(1_000_000);
  });
});

describe("line breaks", () => {
  const linesOf = async (...chunks: string[]) => {
    const out: string[] = [];
    for await (const lines of lineChunks(stream(...chunks))) out.push(...lines);
    return out;
  };

  it.each([
    ["LF", ["email\na@x.com\nb@x.com\n"]],
    ["CRLF split between chunks", ["email\r", "\na@x.com\r\nb@x.com\r\n"]],
    ["CR alone (classic Mac, Excel's CSV (Macintosh))", ["email\ra@x.com\rb@x.com\r"]],
    ["CR alone, the first break at a chunk's end", ["email\r", "a@x.com\rb@x.com"]],
  ])("reads %s as the same lines, and counts them the same", async (_name, chunks) => {
    expect(await linesOf(...chunks)).toEqual(["email", "a@x.com", "b@x.com"]);
    expect(await countLines(stream(...chunks))).toBe(3);
  });

  it.each([
    ["trailing empty lines", ["email\na@x.com\nb@x.com\n\n\n"], 3],
    ["blank and whitespace lines between rows", ["email\r\n\r\na@x.com\r\n \t\r\nb@x.com"], 3],
    ["blank lines with CR alone", ["email\r\ra@x.com\r\r"], 2],
    ["one line without a break", ["a@x.com"], 1],
    ["only blank lines", ["\n \n\t\n"], 0],
  ])("counts no blank line, as the readers skip them: %s", async (_name, chunks, lines) => {
    expect(await countLines(stream(...chunks))).toBe(lines);
  });

  it.each([
    ["LF", "\n"],
    ["CR alone", "\r"],
  ])(
    "reads a line far longer than a chunk in time linear in its length (%s)",
    async (_name, eol) => {
      // A file without line breaks (gzip packs 2 MiB of it into a few KiB): every chunk joined
      // the whole line so far and searched it again, so 2,048 chunks took seconds, and 8 MiB
      // of them two minutes.
      const chunks = [`email${eol}`, ...Array.from({ length: 2048 }, () => "a".repeat(1024))];
      chunks.push(`@x.com${eol}b@x.com${eol}`);
      const started = performance.now();
      const lines = await linesOf(...chunks);
      expect(performance.now() - started).toBeLessThan(1500);
      expect(lines).toEqual(["email", `${"a".repeat(2 << 20)}@x.com`, "b@x.com"]);
    },
    10_000,
  );

  it.each([
    ["a CR at a chunk's end, then chunks without a break", ["email\r", "a@x", ".com", "\rb@x.com"]],
    [
      "chunks without a break before the first one",
      ["em", "ail", "\r\n", "a@x", ".com\r\nb@x.com"],
    ],
  ])("reads %s as the same lines", async (_name, chunks) => {
    expect(await linesOf(...chunks)).toEqual(["email", "a@x.com", "b@x.com"]);
  });

  it("reads each row of a CSV with CR line breaks (it read as a header alone, 0 rows)", async () => {
    const source = await readCsv(
      stream("email,name\ra@example.com,A\rb@example.com,B\r"),
      { column: undefined, type: undefined },
      "mac.csv",
    );
    expect(await collect(source.records)).toEqual([
      { kind: "identifier", id: "a@example.com", line: 2 },
      { kind: "identifier", id: "b@example.com", line: 3 },
    ]);
  });
});
