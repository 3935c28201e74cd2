import { createInterface } from "node:readline";
import type { Readable } from "node:stream";
import type { InputRecord } from "./input-record.js";

/**
 * Reads one identifier per line. Surrounding whitespace is trimmed and blank lines are skipped
 * (they still count for line numbers). A first line that is exactly `headerName` is taken as
 * a header and skipped, so a one-column CSV also works with `--type`.
 */
export async function* readLines(
  stream: Readable,
  headerName: string,
): AsyncGenerator<InputRecord> {
  const lines = createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  for await (const raw of lines) {
    line += 1;
    // A UTF-8 byte-order mark would otherwise become part of the first identifier.
    const text = (line === 1 ? raw.replace(/^\uFEFF/, "") : raw).trim();
    if (text === "") continue;
    if (line === 1 && text.toLowerCase() === headerName) continue;
    yield { kind: "identifier", id: text, line };
  }
}
