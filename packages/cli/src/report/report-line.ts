/**
 * Every outcome a `set` report line may have (`unchanged`: `--skip-unchanged` found the
 * identifier in the target state already, so it was not sent). A report read back refuses a
 * line with another one (a verify report's `matches`…) rather than guess what it means.
 */
export const REPORT_OUTCOMES = [
  "succeeded",
  "invalid",
  "duplicate",
  "failed",
  "not_sent",
  "unchanged",
] as const;

/** What became of one input identifier. */
export type ReportOutcome = (typeof REPORT_OUTCOMES)[number];

/** The `error` of a report line: why an identifier is invalid, failed or was not sent. */
export interface ReportError {
  /**
   * A stable code: a validator code (`pattern`, …), `http_<status>`, `timeout`, `aborted`, …;
   * for `not_sent`, the code of the error that stopped the job (`http_400`, `max_failures`,
   * `limit_reached`).
   */
  code: string;
  /** A sentence for people. */
  message: string;
  /** The HTTP status of the last attempt, when there was a response. */
  status?: number;
}

/**
 * The longest report line a command reading reports back (`report`, `verify --from-report`)
 * reads: 1 MiB, far more than a real line (an identifier, an error message) holds, so that a
 * file with no line break is refused after 1 MiB instead of read into one string until the
 * process dies.
 */
export const MAX_REPORT_LINE_BYTES = 1024 * 1024;

/**
 * One line of `--report`: `{"line":N,"id":"…","type":"email","outcome":"…","error":…}`.
 * Duplicates also carry `firstLine`; identifiers skipped thanks to a checkpoint carry
 * `"resumed":true`; `not_sent` lines carry the `reason` the job stopped.
 */
export interface ReportLine {
  line: number;
  id: string | null;
  /** `null` for a row that names no identifier type (not an object, or a type outside the vocabulary). */
  type: string | null;
  /** A multi-group job's (CSV group and state columns): the row's group, as sent. */
  group?: string;
  /** A multi-group job's: the row's state, as sent. */
  state?: string;
  outcome: ReportOutcome;
  error: ReportError | null;
  firstLine?: number;
  resumed?: true;
  /** For `not_sent`: `systematic_failure`, `max_failures` or `limit`. */
  reason?: string;
}

/**
 * The columns of a CSV report (`--report x.csv`): the keys of {@link ReportLine}, `error`'s
 * dotted. (`firstLine` is left out: the runtime does not track it in bulk mode.)
 */
export const REPORT_COLUMNS = [
  "line",
  "id",
  "type",
  "outcome",
  "error.code",
  "error.message",
  "error.status",
  "resumed",
  "reason",
] as const;

/** The columns of a multi-group job's CSV report: each row's group and state too. */
export const ROWS_REPORT_COLUMNS = [
  ...REPORT_COLUMNS.slice(0, 3),
  "group",
  "state",
  ...REPORT_COLUMNS.slice(3),
] as const;
