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
});
