import { redact, safeCause } from "../errors/redact.js";
import { BrazeAbortError } from "../errors/transport-errors.js";
import { recordAttempts } from "./attempts.js";

/**
 * The error of a call whose `signal` fired, naming the signal's reason, with the attempts that
 * had left (0: none did, e.g. while the call waited for the rate limit or a free slot). Its
 * `cause` is the reason (a sanitized copy, as every cause of the package: name, message, code),
 * so a caller tells its own stop (`controller.abort(new ShutdownError())`) from a deadline
 * (`AbortSignal.timeout`, name `TimeoutError`); the reason is the caller's value, but `apiKey`
 * is scrubbed from it all the same, message and cause alike.
 */
export function abortErrorOf(
  signal: AbortSignal,
  attempts: number,
  apiKey: string,
): BrazeAbortError {
  const error = abortError(
    "The operation was aborted by its AbortSignal",
    signal.reason,
    apiKey,
    true,
  );
  recordAttempts(error, Math.max(attempts, 0));
  return error;
}

/**
 * A {@link BrazeAbortError} whose `cause` is `reason` (sanitized): `message`, followed by the
 * reason's own message in parentheses when `withReason` is set.
 */
export function abortError(
  message: string,
  reason: unknown,
  apiKey: string,
  withReason = false,
): BrazeAbortError {
  const text = reason instanceof Error ? reason.message : String(reason);
  const full = withReason ? `${message} (${text})` : message;
  const cause = safeCause(reason, apiKey);
  return new BrazeAbortError(redact(full, apiKey), cause === undefined ? undefined : { cause });
}
