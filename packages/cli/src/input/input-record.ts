/**
 * One item read from an input: an identifier with the line it came from, or a row that could not
 * be read (it still gets a report line, so nothing in the input goes unaccounted).
 */
export type InputRecord =
  | {
      kind: "identifier";
      id: string;
      line: number;
      /** The row's group cell, trimmed, when the CSV has a group column (`""` when empty). */
      group?: string;
      /** The row's state cell, trimmed, when the CSV has a state column (`""` when empty). */
      state?: string;
    }
  | {
      kind: "malformed";
      line: number;
      message: string;
      /**
       * Why, as the report's `error.code`: `malformed_csv` (the default: the CSV parser could not
       * read the row) or `not_utf8` (a cell read holds bytes that are not UTF-8: see `notUtf8`).
       */
      code?: "malformed_csv" | "not_utf8";
    };
