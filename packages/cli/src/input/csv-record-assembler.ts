import { parse } from "csv-parse/sync";

/** A CSV record with the line it starts on, or a span the parser could not read. */
export type CsvRow =
  | { kind: "row"; fields: string[]; line: number }
  | { kind: "malformed"; line: number; message: string };

/** A quoted field may span this many lines at most before its opening line is given up on. */
const MAX_RECORD_LINES = 100;

const NEVER_CLOSED = "a quote opened on this line is never closed";

/**
 * Turns lines into CSV records. The common line (no quote character) is split on the delimiter
 * directly, which is what keeps a 10-million-row file fast; any line with quotes is handed to
 * csv-parse. A line whose quotes are unbalanced (RFC 4180 doubles a quote inside a quoted
 * field, so an odd count may mean "still inside a field") and that csv-parse cannot read alone
 * is joined with the following lines until they balance; one it reads alone as one record
 * holds a quote inside an unquoted cell (`O"Brien`), which is text. Each record keeps the line
 * it starts on. A joined record csv-parse refuses or reads as several, or a quote never closed
 * within {@link MAX_RECORD_LINES} lines, makes its first line a `malformed` row and the lines
 * after it are read again, so a stray quote cannot swallow the rows after it.
 */
export class CsvRecordAssembler {
  /** The field delimiter. */
  readonly delimiter: string;
  private pending: Array<{ text: string; line: number }> = [];
  private quotes = 0;

  /** @param delimiter the field delimiter (`,` unless sniffed or given otherwise) */
  constructor(delimiter = ",") {
    this.delimiter = delimiter;
  }

  /** Feeds one line (without its line break); appends the records it completes to `out`. */
  push(text: string, line: number, out: CsvRow[]): void {
    if (this.pending.length === 0) {
      if (text.trim() === "") return;
      if (!text.includes('"')) {
        out.push({ kind: "row", fields: text.split(this.delimiter), line });
        return;
      }
      const quotes = countQuotes(text);
      const alone = parseRecord(text, line, this.delimiter);
      if (quotes % 2 === 0 || alone.kind === "row") {
        out.push(alone);
        return;
      }
      this.pending = [{ text, line }];
      this.quotes = quotes;
      return;
    }
    this.pending.push({ text, line });
    this.quotes += countQuotes(text);
    if (this.quotes % 2 === 0) {
      const start = (this.pending[0] as { line: number }).line;
      const joined = this.pending.map((part) => part.text).join("\n");
      // Strict: a quote that closes a field spanning lines must end that field, or it is a
      // stray one that only balanced an earlier stray one (and the lines between them rows).
      const record = parseRecord(joined, start, this.delimiter, { strict: true });
      if (record.kind === "row") {
        this.pending = [];
        out.push(record);
      } else {
        // Two stray quotes balance each other: the rows between them are rows of their own.
        this.giveUpFirst(out, record.message);
      }
    } else if (this.pending.length > MAX_RECORD_LINES) {
      this.giveUpFirst(out, NEVER_CLOSED);
    }
  }

  /** Signals the end of input; appends what is left (an unclosed quote is malformed). */
  end(out: CsvRow[]): void {
    while (this.pending.length > 0) this.giveUpFirst(out, NEVER_CLOSED);
  }

  private giveUpFirst(out: CsvRow[], message: string): void {
    const [first, ...rest] = this.pending;
    this.pending = [];
    this.quotes = 0;
    if (first) out.push({ kind: "malformed", line: first.line, message });
    for (const part of rest) this.push(part.text, part.line, out);
  }
}

function parseRecord(
  text: string,
  line: number,
  delimiter: string,
  { strict = false } = {},
): CsvRow {
  try {
    const records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: !strict,
    }) as string[][];
    if (records.length === 1) return { kind: "row", fields: records[0] as string[], line };
    return { kind: "malformed", line, message: `expected one record, found ${records.length}` };
  } catch (error) {
    return { kind: "malformed", line, message: (error as Error).message };
  }
}

function countQuotes(text: string): number {
  let count = 0;
  for (let at = text.indexOf('"'); at !== -1; at = text.indexOf('"', at + 1)) count += 1;
  return count;
}
