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
  /** Stopped by SIGINT (Ctrl-C) after in-flight requests settled; rerun to resume. */
  interrupted: 130,
  /** Stopped by SIGTERM after in-flight requests settled; rerun to resume. */
  terminated: 143,
} as const;

/** One of the values of {@link ExitCode}. */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];
