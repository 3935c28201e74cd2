import type { Readable } from "node:stream";
import { lineBreaksOf } from "./line-chunks.js";

const LF = 0x0a;
const CR = 0x0d;
/** Past this much text without a line break, the file is taken to break its lines by LF. */
const HEAD_MOST = 1 << 20;
/** ASCII whitespace a line may hold and still be blank (the readers trim it and skip the line). */
const BLANK = new Uint8Array(256);
for (const byte of [0x09, LF, 0x0b, 0x0c, CR, 0x20]) BLANK[byte] = 1;

/**
 * Counts the lines of a byte stream that hold more than whitespace, without decoding it (a
 * fast pre-pass that gives the progress bar a total, the ETA something to aim at, and
 * `--max-failures p%` its rows). Blank lines are not counted, since both readers skip them (a
 * spreadsheet's trailing empty lines made the start block say more rows than the file had).
 * A last line without a line break counts. A file whose first line break is a CR alone has
 * its lines counted by CR, as `lineChunks` reads them.
 */
export async function countLines(stream: Readable): Promise<number> {
  const counter = new LineCounter();
  let head = "";
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (chunk.length === 0) continue;
    if (counter.breakByte !== undefined) {
      counter.add(chunk);
      continue;
    }
    // Line breaks are ASCII, so a latin1 view of the bytes finds them where UTF-8 would.
    head += chunk.toString("latin1");
    const breaks = lineBreaksOf(head) ?? (head.length > HEAD_MOST ? "lf" : undefined);
    if (breaks === undefined) continue;
    counter.breakByte = breaks === "cr" ? CR : LF;
    counter.add(Buffer.from(head, "latin1"));
    head = "";
  }
  // No line break at all: the whole text is one line.
  if (counter.breakByte === undefined) counter.add(Buffer.from(head, "latin1"));
  return counter.end();
}

/** Counts the non-blank lines of the bytes it is given, chunk by chunk. */
class LineCounter {
  breakByte: number | undefined;
  #lines = 0;
  #lineHasText = false;

  add(bytes: Buffer): void {
    for (const byte of bytes) {
      if (byte === this.breakByte) {
        if (this.#lineHasText) this.#lines += 1;
        this.#lineHasText = false;
      } else if (BLANK[byte] === 0) {
        this.#lineHasText = true;
      }
    }
  }

  end(): number {
    return this.#lines + (this.#lineHasText ? 1 : 0);
  }
}
