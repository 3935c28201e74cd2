/** What became of one input identifier. */
export type ReportOutcome = "succeeded" | "invalid" | "duplicate" | "failed";

/** The `error` of a report line: why an identifier is invalid or failed. */
export interface ReportError {
  /** A stable code: a validator code (`pattern`, …), `http_<status>`, `timeout`, `aborted`, … */
  code: string;
  /** A sentence for people. */
  message: string;
  /** The HTTP status of the last attempt, when there was a response. */
  status?: number;
}

/**
 * One line of `--report`: `{"line":N,"id":"…","type":"email","outcome":"…","error":…}`.
 * Duplicates also carry `firstLine`; identifiers skipped thanks to a checkpoint carry
 * `"resumed":true`.
 */
export interface ReportLine {
  line: number;
  id: string | null;
  type: string;
  outcome: ReportOutcome;
  error: ReportError | null;
  firstLine?: number;
  resumed?: true;
}
