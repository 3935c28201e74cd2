import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { decompressed } from "../src/input/gzip-input.js";

async function textOf(chunks: Array<Buffer | string>): Promise<string> {
  const out: Buffer[] = [];
  for await (const chunk of decompressed(Readable.from(chunks), "in.csv.gz"))
    out.push(chunk as Buffer);
  return Buffer.concat(out).toString("utf8");
}

describe("decompressed", () => {
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
});
