import type { Readable } from "node:stream";

/** One line of a file read by {@link boundedLines}. */
export type BoundedLine =
  /** A line, without its line break (LF or CRLF). */
  | { number: number; text: string }
  /** A line longer than the bound: handed out once the bound is passed, the rest skipped. */
  | { number: number; tooLong: true };

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Splits a byte stream into numbered lines (1-based), holding at most `maxBytes` of a line: a
 * longer one is handed out as `tooLong` as soon as it passes the bound, and the rest of its
 * bytes are dropped as they arrive. So a file with no line break (a runaway write, a sparse
 * file) is never grown into one string until V8 gives up (`RangeError: Invalid string
 * length`), and a reader that stops at such a line reads no further. A last line without a
 * newline counts.
 */
export async function* boundedLines(
  stream: Readable,
  maxBytes: number,
): AsyncGenerator<BoundedLine> {
  let parts: Buffer[] = [];
  let partBytes = 0;
  /** Inside a line already handed out as too long: its bytes are dropped. */
  let skipping = false;
  let number = 0;
  const line = (): BoundedLine => {
    number += 1;
    let bytes = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    if (bytes.length > 0 && bytes[bytes.length - 1] === CR) bytes = bytes.subarray(0, -1);
    parts = [];
    partBytes = 0;
    return { number, text: bytes.toString("utf8") };
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const at = chunk.indexOf(NEWLINE, start);
      const end = at === -1 ? chunk.length : at;
      if (!skipping) {
        partBytes += end - start;
        if (partBytes > maxBytes) {
          skipping = true;
          parts = [];
          partBytes = 0;
          number += 1;
          yield { number, tooLong: true };
        } else if (end > start) parts.push(chunk.subarray(start, end));
      }
      if (at === -1) break;
      if (skipping) skipping = false;
      else yield line();
      start = at + 1;
    }
  }
  if (!skipping && partBytes > 0) yield line();
}
