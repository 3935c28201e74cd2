/**
 * What a job page shows, as one JSON document embedded in the page. It describes any job of
 * the CLI generically (`set`, `set --dry-run`, `verify`, …): the page knows outcome names and
 * their meaning, not commands, so a new command plugs in by filling this in.
 */
export interface JobPageData {
  /** Bumped when a field changes meaning; the page script and the sidecar reader check it. */
  version: 1;
  job: JobDescription;
  /** Identifiers per outcome name (see {@link OUTCOME_NAMES}), in the order they should show. */
  outcomes: Record<string, number>;
  /**
   * How many of the `succeeded` rows an earlier run of the job did (a run resumed from a
   * checkpoint reports them `"resumed":true` and does not send them again).
   */
  resumed: number;
  /** Rows that did not succeed, capped; all of them are in the NDJSON report. */
  failures: FailureRows;
  /** Per-second activity while requests were sent; `null` when nothing was recorded. */
  timeline: TimelineData | null;
}

/** The job: what ran, against what, on which input, when, and how it ended. */
export interface JobDescription {
  /** The command line as typed, with secrets (the API key, a Redis password) masked. */
  command: string;
  /** What kind of job: `set`, `dry run`, `verify`, … (a label for people). */
  kind: string;
  /** Where requests went (the origin of the instance or base URL); `null` when nothing was sent. */
  target: string | null;
  groups: string[];
  states: string[];
  /**
   * Which state was checked in which group, when a job reads back several pairs (`verify` of
   * a multi-group set report): `groups` and `states` alone do not say which goes with which.
   * Absent otherwise.
   */
  pairs?: JobPair[];
  /** The input file; `null` when unknown (a pipe, or a page rendered from a bare report). */
  input: InputFingerprint | null;
  /** The NDJSON report's path, when there was one. */
  report: string | null;
  /** ISO 8601; `null` when unknown. */
  startedAt: string | null;
  endedAt: string | null;
  /** The process's exit code; `null` when unknown. */
  exitCode: number | null;
  /** What the exit code means, for people. */
  exitMeaning: string | null;
  /** The request budget the job kept, when it sent requests. */
  rateLimit: { limit: number; intervalMs: number } | null;
}

/** A group, a state checked in it, and how many lines had them. */
export interface JobPair {
  group: string;
  state: string;
  lines: number;
}

/** Name, size and SHA-256 of an input file, so a reviewer can tell which file was used. */
export interface InputFingerprint {
  name: string;
  /** `null` for stdin, which cannot be measured or hashed before it is read. */
  bytes: number | null;
  sha256: string | null;
}

/**
 * Rows that did not succeed, column by column for a small page: `outcome`, `code` and
 * `message` are indexes into the string tables (a 10,000-row sample repeats a handful of
 * messages).
 */
export interface FailureRows {
  /** Most rows kept per outcome. */
  capPerOutcome: number;
  /** Rows that did not succeed, kept or not, per outcome. */
  totals: Record<string, number>;
  strings: string[];
  /**
   * `[line, id, outcome, code, message, status, group]`; string fields are `strings` indexes,
   * -1 for none. `group` is the row's, on the lines of a job of several groups.
   */
  rows: Array<[number, string | null, number, number, number, number, number]>;
}

/**
 * Activity per second (index 0 = the second starting at `startEpochMs`). Its size grows with
 * the job's duration, never with its row count.
 */
export interface TimelineData {
  startEpochMs: number;
  stepMs: number;
  /** Attempts that left per step (first tries and retries). */
  requests: number[];
  /**
   * The attempts of {@link requests} that drew on the budget the job keeps
   * ({@link JobDescription.rateLimit}): not the reads of a write job, which have a budget of
   * their own. Absent in records written before it was kept: then every attempt.
   */
  budgeted?: number[];
  /**
   * What the server said its window held, per step: the most of `X-RateLimit-Limit` −
   * `X-RateLimit-Remaining` among the answers to attempts on the job's budget (every consumer
   * of the workspace counts there, not only this job); `null` when none carried both. Absent
   * in records written before it was kept.
   */
  serverUsed?: Array<number | null>;
  /** The highest `X-RateLimit-Limit` of those answers; `null` when none carried it. */
  serverLimit?: number | null;
  /** Answers with status 429 per step. */
  throttled: number[];
  /** Retries scheduled per step (after a 429, 5xx, timeout or lost connection). */
  retries: number[];
  /** Pauses of the whole bucket started per step (429, or a spent budget), and the longest. */
  pauses: number[];
  pauseMs: number[];
  /** Latency percentiles of the answers of each step, in ms; `null` when none came. */
  p50: Array<number | null>;
  p95: Array<number | null>;
  p99: Array<number | null>;
}

/**
 * Every outcome name a job reports, in display order. `set` reports the first four
 * (`not_sent` when a job stops early); `verify` compares Braze's state with the input.
 */
export const OUTCOME_NAMES = [
  "succeeded",
  "matches",
  "unchanged",
  "differs",
  "unknown",
  "invalid",
  "duplicate",
  "failed",
  "not_sent",
] as const;

/** Outcomes that count as success: their rows are not listed in the failures table. */
export const SUCCESS_OUTCOMES: ReadonlySet<string> = new Set(["succeeded", "matches", "unchanged"]);
