import type { Readable } from "node:stream";
import type { FileKey } from "../files/file-key.js";
import { countLines } from "./count-lines.js";
import type { IdentifierType } from "./identifier-type.js";
import { inputBytes } from "./input-bytes.js";
import type { InputRecord } from "./input-record.js";
import { type InputIdentity, type OpenedInput, openInput } from "./open-input.js";
import { type RowColumns, readCsv } from "./read-csv.js";
import { readLines } from "./read-lines.js";

/** How the input is laid out: one identifier per line, or a CSV with a header row. */
export type InputFormat =
  | { kind: "lines"; type: IdentifierType }
  | {
      kind: "csv";
      column: string | undefined;
      type: IdentifierType | undefined;
      /** `--delimiter`; sniffed from the header when `undefined`. */
      delimiter: string | undefined;
    };

/** An input ready to stream: its identifier type is known, its header (if any) was read. */
export interface IdentifierSource {
  /** The path, or `stdin`. */
  label: string;
  /** The file's identity (for checkpoints); `undefined` for stdin. */
  identity: InputIdentity | undefined;
  type: IdentifierType;
  /** The CSV column read, or `null` for one identifier per line. */
  column: string | null;
  /**
   * The CSV's group and state columns when it has either (each row then carries its own, and
   * the job goes through the multi-group write); `undefined` for a one-group input.
   */
  rowColumns: RowColumns | undefined;
  /**
   * About how many identifiers there are (line count), for the progress bar and to presize
   * de-duplication; `undefined` for a pipe.
   */
  estimatedTotal: number | undefined;
  records: AsyncIterable<InputRecord>;
  /** The input on disk, so no output overwrites it; `undefined` for an injected stream. */
  key: FileKey | undefined;
  /** How the input changed since it was opened, or `undefined` (see {@link OpenedInput}). */
  changedSinceOpened(): Promise<string | undefined>;
}

/**
 * Opens the input, reads its header when it is a CSV and counts its lines (a fast byte scan)
 * so progress can show a total. Gzip data and UTF-16 text are read as UTF-8 text (see
 * `inputBytes`). Unreadable files, gzip data cut off or corrupt (found by the count, for a
 * file) and unusable headers throw `InputError`.
 */
export async function openIdentifierSource(
  path: string,
  format: InputFormat,
  stdin: Readable,
): Promise<IdentifierSource> {
  const input = await openInput(path, stdin);
  // Both passes read the text (gunzipped, UTF-16 transcoded): its lines, rows and numbers.
  const open = () => inputBytes(input.open(), input.label);
  const lines = input.openForCount
    ? await countLines(inputBytes(input.openForCount(), input.label))
    : undefined;
  if (format.kind === "lines") {
    return {
      label: input.label,
      identity: input.identity,
      key: input.key,
      changedSinceOpened: input.changedSinceOpened,
      type: format.type,
      column: null,
      rowColumns: undefined,
      estimatedTotal: lines,
      records: readLines(open(), format.type),
    };
  }
  const csv = await readCsv(open(), format, input.label);
  return {
    label: input.label,
    identity: input.identity,
    key: input.key,
    changedSinceOpened: input.changedSinceOpened,
    type: csv.type,
    column: csv.column,
    rowColumns: csv.rowColumns,
    estimatedTotal: lines === undefined ? undefined : Math.max(0, lines - 1),
    records: csv.records,
  };
}
