import type { Readable } from "node:stream";
import { type CsvError, parse } from "csv-parse";
import { InputError } from "../errors.js";
import { IDENTIFIER_TYPES, type IdentifierType, isIdentifierType } from "./identifier-type.js";
import type { InputRecord } from "./input-record.js";

/** How to pick the identifier column of a CSV with a header row. */
export interface CsvColumnChoice {
  /** The header of the column to read; detected from `external_id`/`email`/`phone` if absent. */
  column: string | undefined;
  /** The identifier type; taken from the column's name if absent. */
  type: IdentifierType | undefined;
}

/** A CSV input once its header was read. */
export interface CsvSource {
  /** The column the identifiers are read from, as written in the header. */
  column: string;
  /** The identifier type of that column. */
  type: IdentifierType;
  /** Identifiers and malformed rows, in file order. */
  records: AsyncIterable<InputRecord>;
}

interface ParsedRow {
  record: string[];
  info: { lines: number };
}

/**
 * Streams a CSV with a header row (RFC 4180 quoting, extra columns ignored) and yields the
 * chosen column. A row the parser cannot read becomes a `malformed` record instead of
 * stopping the run; a header with no usable column is an {@link InputError}.
 */
export async function readCsv(
  stream: Readable,
  choice: CsvColumnChoice,
  label: string,
): Promise<CsvSource> {
  const skipped: InputRecord[] = [];
  const parser = stream.pipe(
    parse({
      bom: true,
      info: true,
      trim: true,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        const line = typeof error?.lines === "number" ? error.lines : 0;
        skipped.push({ kind: "malformed", line, message: error?.message ?? "unreadable CSV row" });
        return undefined;
      },
    }),
  );
  // Input stream errors (e.g. EIO) would otherwise leave the parser waiting forever.
  stream.once("error", (error) => parser.destroy(error));
  const rows = parser[Symbol.asyncIterator]() as AsyncIterator<ParsedRow>;
  const first = await rows.next();
  if (first.done) throw new InputError(`input ${label} is empty: expected a CSV header row`);
  const header = first.value.record.map((cell) => cell.trim());
  const { index, column, type } = pickColumn(header, choice, label);

  async function* records(): AsyncGenerator<InputRecord> {
    for (;;) {
      const next = await rows.next();
      while (skipped.length > 0) yield skipped.shift() as InputRecord;
      if (next.done) return;
      const { record, info } = next.value;
      yield { kind: "identifier", id: record[index] ?? "", line: info.lines };
    }
  }
  return { column, type, records: records() };
}

function pickColumn(
  header: string[],
  choice: CsvColumnChoice,
  label: string,
): { index: number; column: string; type: IdentifierType } {
  const lower = header.map((cell) => cell.toLowerCase());
  const shown = header.join(",");
  if (choice.column !== undefined) {
    const index = lower.indexOf(choice.column.trim().toLowerCase());
    if (index < 0) {
      throw new InputError(
        `--column ${choice.column}: no such column in the header of ${label} (${shown})`,
      );
    }
    const name = lower[index] as string;
    const type = choice.type ?? (isIdentifierType(name) ? name : undefined);
    if (type === undefined) {
      throw new InputError(
        `--column ${choice.column} is not named after an identifier type: add --type ${IDENTIFIER_TYPES.join("|")}`,
      );
    }
    return { index, column: header[index] as string, type };
  }
  const candidates = IDENTIFIER_TYPES.filter((type) => lower.includes(type));
  if (candidates.length === 0) {
    throw new InputError(
      `the header of ${label} (${shown}) has no ${IDENTIFIER_TYPES.join(", ")} column: pick one with --column, or use --type for a file with one identifier per line`,
    );
  }
  if (candidates.length > 1) {
    throw new InputError(
      `the header of ${label} has several identifier columns (${candidates.join(", ")}): pick one with --column`,
    );
  }
  const type = candidates[0] as IdentifierType;
  if (choice.type !== undefined && choice.type !== type) {
    throw new InputError(`--type ${choice.type} does not match the ${type} column of ${label}`);
  }
  const index = lower.indexOf(type);
  return { index, column: header[index] as string, type };
}
