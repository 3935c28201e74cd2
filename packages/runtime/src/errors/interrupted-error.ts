import type { SetStatusResult } from "../vocabulary/outcome.js";
import type { GetStatusResult } from "../vocabulary/read-outcome.js";
import { BrazeError } from "./braze-error.js";

/**
 * `setStatus` or `getStatus` could not finish because something of the caller's threw midway:
 * its input source (an unreadable file, a failing query) or one of its callbacks
 * (`onProgress`…). Identifiers read before that were classified and sent (written, or read
 * back): `result` holds their counts and outcomes, so a caller knows what Braze applied, or
 * what it holds, without spending the shared rate budget again; `cause` is a sanitized copy of
 * what was thrown (name, message and `code`, e.g. `EIO`). Nothing read yet has an outcome. A
 * source that fails before its first identifier rejects with its own error, since nothing
 * happened.
 */
export class BrazeInterruptedError extends BrazeError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeInterruptedError",
  );
  override name = "BrazeInterruptedError";
  /**
   * Counts and outcomes of every identifier read before the interruption: a `SetStatusResult`
   * from `setStatus`, a `GetStatusResult` from `getStatus` (the call you made says which;
   * `"succeeded" in result` tells them apart too).
   */
  readonly result: SetStatusResult | GetStatusResult;

  constructor(
    message: string,
    options?: { cause?: unknown; result?: SetStatusResult | GetStatusResult },
  ) {
    super(message, options);
    this.result = options?.result as SetStatusResult | GetStatusResult;
  }
}
