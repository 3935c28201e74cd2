/** What the progress display knows at one moment of a run. */
export interface ProgressSnapshot {
  /** Identifiers with a final outcome so far. */
  done: number;
  /** Identifiers expected in all (an estimate from the input's line count; grows if exceeded). */
  total: number | undefined;
  succeeded: number;
  failed: number;
  invalid: number;
  duplicates: number;
  /** HTTP requests so far (including retries). */
  requests: number;
}
