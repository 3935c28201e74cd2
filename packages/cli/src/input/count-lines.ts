import type { Readable } from "node:stream";
import { lineBreaksOf } from "./line-chunks.js";

const LF = 0x0a;
const CR = 0x0d;
/** Past this much text without a line break, the file is taken to break its lines by LF. */
const HEAD_MOST = 1 << 20;

/**
 * Counts the lines of a byte stream without decoding it (a fast pre-pass that gives the
 * progress bar a total and the ETA something to aim at). A last line without a line break
 * counts. A file whose first line break is a CR alone has its lines counted by CR, as
 * `lineChunks` reads them.
 */
export async function countLines(stream: Readable): Promise<number> {
  let lines = 0;
  let breakByte: number | undefined;
  let head = "";
  let last = LF;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (chunk.length === 0) continue;
    last = chunk[chunk.length - 1] as number;
    if (breakByte === undefined) {
      // Line breaks are ASCII, so a latin1 view of the bytes finds them where UTF-8 would.
      head += chunk.toString("latin1");
      const breaks = lineBreaksOf(head) ?? (head.length > HEAD_MOST ? "lf" : undefined);
      if (breaks === undefined) continue;
      breakByte = breaks === "cr" ? CR : LF;
      lines += countByte(Buffer.from(head, "latin1"), breakByte);
      head = "";
    } else {
      lines += countByte(chunk, breakByte);
    }
  }
  if (breakByte === undefined) return head === "" ? 0 : 1;
  return last === breakByte ? lines : lines + 1;
}

function countByte(bytes: Buffer, byte: number): number {
  let count = 0;
  for (let at = bytes.indexOf(byte); at !== -1; at = bytes.indexOf(byte, at + 1)) count += 1;
  return count;
}
