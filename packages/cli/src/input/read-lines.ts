import type { Readable } from "node:stream";
import type { InputRecord } from "./input-record.js";
import { lineChunks } from "./line-chunks.js";
import { notUtf8, UNDECODABLE } from "./not-utf8.js";

/**
 * Reads one identifier per line. Surrounding whitespace is trimmed and blank lines are skipped
 * (they still count for line numbers). A first line that is exactly `headerName` is taken as
 * a header and skipped, so a one-column CSV also works with `--type`.
 */
export async function* readLines(
  stream: Readable,
  headerName: string,
): AsyncGenerator<InputRecord> {
  let line = 0;
  for await (const lines of lineChunks(stream)) {
    for (const raw of lines) {
      line += 1;
      const text = raw.trim();
      if (text === "") continue;
      if (line === 1 && text.toLowerCase() === headerName) continue;
      yield text.includes(UNDECODABLE)
        ? notUtf8(line, "identifier", text)
        : { kind: "identifier", id: text, line };
    }
  }
}
