import { BrazeError } from "../errors/braze-error.js";
import { BrazeInterruptedError } from "../errors/interrupted-error.js";
import { redact, safeCause } from "../errors/redact.js";
import { BrazeAbortError } from "../errors/transport-errors.js";
import type { SetStatusResult } from "../vocabulary/outcome.js";
import type { GetStatusResult } from "../vocabulary/read-outcome.js";

/**
 * What `setStatus` or `getStatus` rejects with when `error` ended its job: the outcomes
 * collected so far (`result()`) must reach the caller with it, since the identifiers read were
 * sent on the workspace's shared rate budget and a rerun blind to them would pay again (a
 * write's caller would not even know what Braze applied). An abort carries them as `result`;
 * anything of the caller's (its source, a callback) that threw after identifiers were read
 * becomes a {@link BrazeInterruptedError} holding them, its message and cause scrubbed of the
 * key. The runtime's own errors, and a source failing before its first identifier (nothing
 * happened), reject as they are.
 */
export function rejectionOf(
  call: "setStatus" | "getStatus",
  error: unknown,
  result: () => SetStatusResult | GetStatusResult,
  apiKey: string,
): unknown {
  if (error instanceof BrazeAbortError) {
    error.result = result();
    return error;
  }
  if (error instanceof BrazeError) return error;
  const settled = result();
  if (settled.total === 0) return error;
  const reason = redact(error instanceof Error ? error.message : String(error), apiKey);
  return new BrazeInterruptedError(
    `${call} was interrupted after ${settled.total} identifiers: ${reason}; error.result holds their outcomes`,
    { cause: safeCause(error, apiKey), result: settled },
  );
}
