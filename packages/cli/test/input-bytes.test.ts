import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { inputBytes } from "../src/input/input-bytes.js";

async function textOf(chunks: Array<Buffer | string>): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of inputBytes(Readable.from(chunks), "in.csv.gz"))
    out.push(chunk as Buffer);
  return Buffer.concat(out).toString("utf8");
}

describe("inputBytes", () => {
  const text = "email\na@example.com\nb@example.com\n";

  it("passes any other input through as it is: empty, one byte, text, strings", async () => {
    expect(await textOf([])).toBe("");
    expect(await textOf([Buffer.from("a")])).toBe("a");
    expect(await textOf([Buffer.from(text)])).toBe(text);
    expect(await textOf(["em", "ail\n"])).toBe("email\n");
  });

  it("gunzips gzip data, also when a pipe hands over its first byte alone", async () => {
    const packed = gzipSync(text);
    expect(await textOf([packed])).toBe(text);
    expect(await textOf([packed.subarray(0, 1), packed.subarray(1, 7), packed.subarray(7)])).toBe(
      text,
    );
    // Two gzip members one after the other (`cat a.gz b.gz`) are one text.
    expect(await textOf([Buffer.concat([gzipSync("a\n"), gzipSync("b\n")])])).toBe("a\nb\n");
  });

  it("gzip data cut off is an InputError naming the input", async () => {
    const packed = gzipSync(text);
    const error = await textOf([packed.subarray(0, packed.length - 9)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(
      /^cannot read input in\.csv\.gz: its gzip data is cut off or corrupt \(unexpected end of file\)$/,
    );
  });

  it("transcodes UTF-16 with a byte-order mark (Excel's Unicode Text), also gzipped", async () => {
    const tsv = "email\tname\r\nann@example.com\tJosé Ünal\r\n";
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tsv, "utf16le")]);
    expect(await textOf([le])).toBe(tsv);
    // Split inside a character and inside the mark: nothing is lost at the seams.
    expect(
      await textOf([le.subarray(0, 1), le.subarray(1, 8), le.subarray(8, 9), le.subarray(9)]),
    ).toBe(tsv);
    const be = Buffer.from(le);
    be.swap16();
    expect(await textOf([be])).toBe(tsv);
    expect(await textOf([gzipSync(le)])).toBe(tsv);
  });

  it("leaves UTF-8 as it is, its byte-order mark too (the line reader drops it)", async () => {
    const withMark = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
    expect(await textOf([withMark])).toBe(`\uFEFF${text}`);
  });

  it.each([
    [
      "an xlsx workbook (zip)",
      [0x50, 0x4b, 0x03, 0x04, 0x14, 0x00],
      /a zip archive \(an Excel workbook, \.xlsx\?\): save the sheet as "CSV UTF-8"/,
    ],
    [
      "an xls workbook",
      [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0x00],
      /an Excel 97-2003 workbook/,
    ],
    [
      "xz data",
      [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00],
      /xz-compressed: pipe it decompressed: xz -dc/,
    ],
    ["zstd data", [0x28, 0xb5, 0x2f, 0xfd, 0x04], /zstd-compressed/],
    [
      "bzip2 data",
      [...Buffer.from("BZh9"), 0x31, 0x41, 0x59, 0x26, 0x53, 0x59, 0x00],
      /bzip2-compressed/,
    ],
  ])("refuses %s, saying what to give instead", async (_, bytes, hint) => {
    const data = Buffer.from(bytes);
    // Handed over a byte at a time, as a pipe may.
    const error = await textOf([...data].map((byte) => Buffer.from([byte]))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^cannot read input in\.csv\.gz: it is /);
    expect((error as Error).message).toMatch(hint);
  });

  it("reads text that merely starts like one of them", async () => {
    for (const text of ["PK,email\n", "BZh9,email\n", "PK\u0003\n"])
      expect(await textOf([text])).toBe(text);
  });
});
