import type { Readable } from "node:stream";
import { InputError } from "../errors.js";
import { sniffDelimiter } from "./csv-delimiter.js";
import { CsvRecordAssembler, type CsvRow } from "./csv-record-assembler.js";
import { IDENTIFIER_TYPES, type IdentifierType, isIdentifierType } from "./identifier-type.js";
import type { InputRecord } from "./input-record.js";
import { lineChunks } from "./line-chunks.js";
import { notUtf8, UNDECODABLE } from "./not-utf8.js";

/**
 * The header names (any case) of the columns that give each row its own group and state: a
 * short name, and the v2 body's field name, as Braze's exports and docs call them.
 */
export const ROW_COLUMNS = {
  group: ["group", "subscription_group_id"],
  state: ["state", "subscription_state"],
} as const;

/** The group and state columns of a multi-group CSV (either may be absent). */
export interface RowColumns {
  group: string | undefined;
  state: string | undefined;
}

/** How to pick the identifier column of a CSV with a header row. */
export interface CsvColumnChoice {
  /** The header of the column to read; detected from `external_id`/`email`/`phone` if absent. */
  column: string | undefined;
  /** The identifier type; taken from the column's name if absent. */
  type: IdentifierType | undefined;
  /** The field delimiter (`--delimiter`); sniffed from the header line if absent. */
  delimiter?: string | undefined;
}

/** A CSV input once its header was read. */
export interface CsvSource {
  /** The column the identifiers are read from, as written in the header. */
  column: string;
  /** The identifier type of that column. */
  type: IdentifierType;
  /** The field delimiter, as given or sniffed from the header. */
  delimiter: string;
  /**
   * The group and state columns, as written in the header, when it has either: each row then
   * carries its own (see {@link ROW_COLUMNS}); `undefined` for a one-group file.
   */
  rowColumns: RowColumns | undefined;
  /** Identifiers and malformed rows, in file order. */
  records: AsyncIterable<InputRecord>;
}

/**
 * Streams a CSV with a header row (RFC 4180 quoting; the delimiter given, or sniffed from the
 * header: `,` `;` or tab; extra columns ignored, blank lines skipped) and yields the chosen column, trimmed, with the line its record starts on.
 * A record that cannot be read becomes a `malformed` record instead of stopping the run; a
 * header with no usable column is an {@link InputError}.
 */
export async function readCsv(
  stream: Readable,
  choice: CsvColumnChoice,
  label: string,
): Promise<CsvSource> {
  const chunks = lineChunks(stream);
  // Created at the header (the first line that is not blank), whose delimiter it then keeps.
  let assembler =
    choice.delimiter === undefined ? undefined : new CsvRecordAssembler(choice.delimiter);
  const rows: CsvRow[] = [];
  let line = 0;
  let ended = false;
  /** Reads chunks until some record is complete or the input ends. */
  const fill = async () => {
    while (rows.length === 0 && !ended) {
      const next = await chunks.next();
      if (next.done) {
        assembler?.end(rows);
        ended = true;
      } else {
        for (const text of next.value) {
          line += 1;
          if (assembler === undefined && text.trim() !== "")
            assembler = new CsvRecordAssembler(sniffDelimiter(text));
          assembler?.push(text, line, rows);
        }
      }
    }
  };

  await fill();
  const first = rows.shift();
  if (first === undefined)
    throw new InputError(`input ${label} is empty: expected a CSV header row`);
  if (first.kind !== "row") {
    throw new InputError(
      `cannot read the header of ${label} (line ${first.line}): ${first.message}`,
    );
  }
  const header = first.fields.map((cell) => cell.trim());
  const { index, column, type } = pickColumn(header, choice, label);
  const lower = header.map((cell) => cell.toLowerCase());
  const groupAt = rowColumn(lower, ROW_COLUMNS.group, header, label);
  const stateAt = rowColumn(lower, ROW_COLUMNS.state, header, label);
  const cell = (fields: string[], at: number) => (fields[at] ?? "").trim();
  /** A multi-group row: its identifier with its group and state cells (read as text too). */
  const withRowColumns = (id: string, line: number, fields: string[]): InputRecord => {
    const group = groupAt < 0 ? undefined : cell(fields, groupAt);
    const state = stateAt < 0 ? undefined : cell(fields, stateAt);
    if (group?.includes(UNDECODABLE)) return notUtf8(line, "group", group);
    if (state?.includes(UNDECODABLE)) return notUtf8(line, "state", state);
    return {
      kind: "identifier",
      id,
      line,
      ...(group === undefined ? {} : { group }),
      ...(state === undefined ? {} : { state }),
    };
  };

  // One generator between the bytes and the caller: every extra async layer costs a promise
  // per identifier.
  async function* records(): AsyncGenerator<InputRecord> {
    try {
      for (;;) {
        for (const row of rows.splice(0)) {
          if (row.kind === "malformed") {
            yield row;
            continue;
          }
          const id = cell(row.fields, index);
          if (id.includes(UNDECODABLE)) yield notUtf8(row.line, "identifier", id);
          else if (groupAt < 0 && stateAt < 0) yield { kind: "identifier", id, line: row.line };
          else yield withRowColumns(id, row.line, row.fields);
        }
        if (ended) return;
        await fill();
      }
    } finally {
      // Stopping early (Ctrl-C, an error) closes the file.
      await chunks.return(undefined);
    }
  }
  const rowColumns =
    groupAt < 0 && stateAt < 0 ? undefined : { group: header[groupAt], state: header[stateAt] };
  return {
    column,
    type,
    delimiter: assembler?.delimiter ?? ",",
    rowColumns,
    records: records(),
  };
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
    assertNamedOnce(lower, index, header, label);
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
  assertNamedOnce(lower, index, header, label);
  return { index, column: header[index] as string, type };
}

/** The index of the one column named one of `names`, or -1; two such columns are refused. */
function rowColumn(
  lower: string[],
  names: readonly string[],
  header: string[],
  label: string,
): number {
  const found = lower.flatMap((name, at) => (names.includes(name) ? [at] : []));
  if (found.length > 1) {
    const shown = found.map((at) => `${JSON.stringify(header[at])} (column ${at + 1})`);
    throw new InputError(
      `the header of ${label} has ${found.length} columns for one thing: ${shown.join(" and ")}: rename or remove all but one`,
    );
  }
  return found[0] ?? -1;
}

/** A column named twice is ambiguous: which one holds the identifiers is anybody's guess. */
function assertNamedOnce(lower: string[], index: number, header: string[], label: string): void {
  const again = lower.indexOf(lower[index] as string, index + 1);
  if (again >= 0) {
    throw new InputError(
      `the header of ${label} names the column ${JSON.stringify(header[index])} twice (columns ${index + 1} and ${again + 1}): rename or remove one`,
    );
  }
}
