import { BrazeAbortError } from "../errors/transport-errors.js";
import { recordAttempts } from "./attempts.js";

/**
 * The error of a call whose `signal` fired, naming the signal's reason, with the attempts that
 * had left (0: none did, e.g. while the call waited for the rate limit or a free slot).
 */
export function abortErrorOf(signal: AbortSignal, attempts: number): BrazeAbortError {
  const reason = signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
  const error = new BrazeAbortError(`The operation was aborted by its AbortSignal (${reason})`);
  recordAttempts(error, Math.max(attempts, 0));
  return error;
}
