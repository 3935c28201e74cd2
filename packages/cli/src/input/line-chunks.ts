import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

/**
 * Splits a byte stream into lines (LF or CRLF, a UTF-8 byte-order mark dropped), handing them
 * out as one array per chunk read: consumers then walk each array synchronously, which costs
 * one promise per chunk instead of one per line (it matters at ten million lines).
 */
export async function* lineChunks(stream: Readable): AsyncGenerator<string[]> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let first = true;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    let text = rest + (typeof chunk === "string" ? chunk : decoder.write(chunk));
    if (first && text.length > 0) {
      text = text.replace(/^\uFEFF/, "");
      first = false;
    }
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
  rest += decoder.end();
  if (rest !== "") yield [rest.endsWith("\r") ? rest.slice(0, -1) : rest];
}
