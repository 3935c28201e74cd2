import { parse } from "csv-parse/sync";

/** A CSV record with the line it starts on, or a span the parser could not read. */
export type CsvRow =
  | { kind: "row"; fields: string[]; line: number }
  | { kind: "malformed"; line: number; message: string };

/** A quoted field may span this many lines at most before its opening line is given up on. */
const MAX_RECORD_LINES = 100;

/**
 * Turns lines into CSV records. The common line (no quote character) is split on the delimiter
 * directly, which is what keeps a 10-million-row file fast; any line with quotes is handed to
 * csv-parse, joined with the following lines while its quotes are unbalanced (RFC 4180
 * doubles a quote inside a quoted field, so an odd count means "still inside a field"). Each
 * record keeps the line it starts on. A record csv-parse refuses, or a quote never closed
 * within {@link MAX_RECORD_LINES} lines, becomes a `malformed` row and the lines after its
 * first are read again, so one stray quote cannot swallow the rest of the file.
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
      if (quotes % 2 === 0) {
        out.push(parseRecord(text, line, this.delimiter));
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
      this.pending = [];
      out.push(parseRecord(joined, start, this.delimiter));
    } else if (this.pending.length > MAX_RECORD_LINES) {
      this.giveUpFirst(out);
    }
  }

  /** Signals the end of input; appends what is left (an unclosed quote is malformed). */
  end(out: CsvRow[]): void {
    while (this.pending.length > 0) this.giveUpFirst(out);
  }

  private giveUpFirst(out: CsvRow[]): void {
    const [first, ...rest] = this.pending;
    this.pending = [];
    this.quotes = 0;
    if (first)
      out.push({
        kind: "malformed",
        line: first.line,
        message: "a quote opened on this line is never closed",
      });
    for (const part of rest) this.push(part.text, part.line, out);
  }
}

function parseRecord(text: string, line: number, delimiter: string): CsvRow {
  try {
    const records = parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
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
