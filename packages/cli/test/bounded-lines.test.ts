import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type BoundedLine, boundedLines } from "../src/files/bounded-lines.js";

async function lines(chunks: string[], max: number): Promise<BoundedLine[]> {
  const out: BoundedLine[] = [];
  const stream = Readable.from(chunks.map((chunk) => Buffer.from(chunk)));
  for await (const line of boundedLines(stream, max)) out.push(line);
  return out;
}

describe("boundedLines: numbered lines, none held past the bound", () => {
  it("splits on LF and CRLF across chunks, keeps blank lines numbered, and a last line without a break", async () => {
    expect(await lines(["a\r\nb", "c\n\n", "d"], 10)).toEqual([
      { number: 1, text: "a" },
      { number: 2, text: "bc" },
      { number: 3, text: "" },
      { number: 4, text: "d" },
    ]);
  });

  it("hands out a line past the bound as tooLong as soon as it passes it, and skips the rest of it", async () => {
    expect(await lines(["ok\nabc", "defgh", "ijk\nnext\n"], 5)).toEqual([
      { number: 1, text: "ok" },
      { number: 2, tooLong: true },
      { number: 3, text: "next" },
    ]);
    expect(await lines(["123456"], 5)).toEqual([{ number: 1, tooLong: true }]);
    expect(await lines(["12345\n"], 5)).toEqual([{ number: 1, text: "12345" }]);
  });

  it("does not read on once the reader stops at a line past the bound", async () => {
    let served = 0;
    const endless = new Readable({
      read() {
        served += 1;
        this.push(Buffer.alloc(64 * 1024, 0));
      },
    });
    for await (const line of boundedLines(endless, 1024 * 1024)) {
      expect(line).toEqual({ number: 1, tooLong: true });
      break;
    }
    expect(served).toBeLessThan(40);
  });
});
