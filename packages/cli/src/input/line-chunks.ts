import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

/**
 * Splits a byte stream into lines (LF, CRLF, or CR alone as classic Mac files and Excel's
 * "CSV (Macintosh)" end them; a UTF-8 byte-order mark dropped), handing them out as one array
 * per chunk read: consumers then walk each array synchronously, which costs one promise per
 * chunk instead of one per line (it matters at ten million lines). The file's first line break
 * decides: a CR not followed by LF makes every CR a line break (see {@link countLines}, which
 * decides the same way).
 */
export async function* lineChunks(stream: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  // Chunks after `rest` without a line break (a line longer than a chunk), joined once a break
  // comes: joining and searching the whole line at every chunk made a long line quadratic.
  const held: string[] = [];
  let first = true;
  let breaks: LineBreaks | undefined;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    let piece = typeof chunk === "string" ? chunk : decoder.write(chunk);
    if (first && piece.length > 0) {
      piece = piece.replace(/^\uFEFF/, "");
      first = false;
    }
    // A CR at the end of `rest` before the breaks are known decides them with the next piece.
    const undecidedCr = breaks === undefined && held.length === 0 && rest.endsWith("\r");
    if (!undecidedCr && !LINE_BREAK.test(piece)) {
      if (piece !== "") held.push(piece);
      continue;
    }
    let text = held.length === 0 ? rest + piece : rest + held.join("") + piece;
    held.length = 0;
    breaks ??= lineBreaksOf(text);
    if (breaks === "cr") text = text.replace(CR_BREAK, "\n");
    const lines: string[] = [];
    let start = 0;
    for (let at = text.indexOf("\n"); at !== -1; at = text.indexOf("\n", start)) {
      lines.push(
        text.charCodeAt(at - 1) === 13 && at > start
          ? text.slice(start, at - 1)
          : text.slice(start, at),
      );
      start = at + 1;
    }
    rest = text.slice(start);
    if (lines.length > 0) yield lines;
  }
  rest += held.join("") + decoder.end();
  if (breaks === "cr") rest = rest.replace(CR_BREAK, "\n");
  const last = rest.endsWith("\r") ? rest.slice(0, -1) : rest;
  if (last !== "") yield last.split("\n");
}

/** Any line break character. */
const LINE_BREAK = /[\r\n]/;

/** A line break of a CR file (a CRLF there, if any, is one break too). */
const CR_BREAK = /\r\n?/g;

/** How a file ends its lines: `cr` for CR alone, `lf` for LF or CRLF. */
export type LineBreaks = "lf" | "cr";

/**
 * The line breaks of a file, from the text read so far: `undefined` until its first line
 * break is known (a CR at the very end may be the first half of a CRLF).
 */
export function lineBreaksOf(text: string): LineBreaks | undefined {
  const cr = text.indexOf("\r");
  const lf = text.indexOf("\n");
  if (cr === -1 || (lf !== -1 && lf < cr)) return lf === -1 ? undefined : "lf";
  if (cr === text.length - 1) return undefined;
  return text.charCodeAt(cr + 1) === 10 ? "lf" : "cr";
}
