/**
 * The process exit codes of `braze-subscriptions`, one meaning each, so scripts can branch on
 * them without parsing output.
 */
export const ExitCode = {
  /** Every valid identifier succeeded and none was invalid (or: the body is valid). */
  ok: 0,
  /** Anything unexpected: a bug, or a failure nothing in the input explains. */
  unexpected: 1,
  /** A usage error: bad flag, missing key, unreadable file, checkpoint of another job. */
  usage: 2,
  /** Some identifiers were invalid or failed (the report says which), or the body is invalid. */
  incomplete: 3,
  /**
   * Stopped early: the preflight read refused the group, Braze kept giving the same refusal
   * (a wrong group, a wrong key), Redis refused the rate limit for good once the job had
   * started (`--no-preflight`, or a change mid-job), or failures passed `--max-failures`. Requests in flight settled; every row not sent is `not_sent` in
   * the report, and the checkpoint lets the fixed command resume.
   */
  stopped: 4,
  /**
   * Stopped by SIGINT (Ctrl-C) after in-flight requests settled; rerun to resume. Also: the
   * confirmation asked on a terminal was declined (nothing was sent).
   */
  interrupted: 130,
  /** Stopped by SIGTERM after in-flight requests settled; rerun to resume. */
  terminated: 143,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** One line per exit code, for `--help`. */
export const exitCodeMeanings: Readonly<Record<ExitCodeValue, string>> = {
  0: "done: every valid identifier succeeded and none was invalid",
  1: "unexpected error (BRAZE_SUBSCRIPTIONS_DEBUG=1 prints its stack)",
  2: "usage error: bad or missing flag, key or target, unreadable input, foreign checkpoint, a key or URL the preflight read refused, a Redis that does not answer or refuses (--redis-url)",
  3: "some identifiers were invalid or failed: the report says which",
  4: "stopped early: the group was refused, every request got the same refusal, Redis refused the rate limit mid-job, or --max-failures was passed; rows not sent are not_sent in the report: fix, rerun",
  130: "stopped by SIGINT (Ctrl-C) after in-flight requests settled: rerun to resume (or the confirmation was declined)",
  143: "stopped by SIGTERM after in-flight requests settled: rerun to resume",
};

/**
 * What `verify`'s exit codes mean: it reads, so a 3 is lines that differ or are unknown (not
 * sent rows that failed), and a stop leaves no checkpoint to resume. Its `--help` and its job
 * page say the same (the page said "invalid or failed" of opt-outs that had not landed).
 */
export const verifyExitCodeMeanings: Readonly<Partial<Record<ExitCodeValue, string>>> = {
  0: "every line matches --state (a multi-group job's report: every line of every pair)",
  3: "some lines differ, are unknown, invalid or failed: the report says which",
  1: exitCodeMeanings[1],
  2: exitCodeMeanings[2],
  130: "stopped by SIGINT (Ctrl-C) after reads in flight settled: the report holds the lines read",
  143: "stopped by SIGTERM after reads in flight settled: the report holds the lines read",
};

/** The `[code, meaning]` rows of the given exit codes, for a command's `--help`. */
export function exitCodeRows(
  ...codes: ExitCodeValue[]
): ReadonlyArray<readonly [ExitCodeValue, string]> {
  return codes.map((code) => [code, exitCodeMeanings[code]] as const);
}
