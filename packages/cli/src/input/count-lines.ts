import type { Readable } from "node:stream";

const NEWLINE = 0x0a;

/**
 * Counts the lines of a byte stream without decoding it (a fast pre-pass that gives the
 * progress bar a total and the ETA something to aim at). A last line without a newline counts.
 */
export async function countLines(stream: Readable): Promise<number> {
  let lines = 0;
  let last = NEWLINE;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let at = chunk.indexOf(NEWLINE);
    while (at !== -1) {
      lines += 1;
      at = chunk.indexOf(NEWLINE, at + 1);
    }
    if (chunk.length > 0) last = chunk[chunk.length - 1] as number;
  }
  return last === NEWLINE ? lines : lines + 1;
}
