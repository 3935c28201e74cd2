import { optionNames } from "../options/call-overrides.js";

/**
 * Per-call options of `subscribe`, `unsubscribe` and `enqueue`. Every field is optional.
 */
export interface PerEventOptions {
  /**
   * Ends the call with `BrazeAbortError` (its `outcome` says what became of the write): a write
   * not sent yet (waiting for company, or for an earlier write of its identifier) is taken
   * back, unless another call shares its slot; one already sent goes on, for the calls that
   * share its request, and ends the aborted call as `failed` with code `aborted` (Braze may
   * apply it). A call already answered keeps its outcome.
   * @default none: the call waits for its outcome
   */
  signal?: AbortSignal;
}

/** Every option of {@link PerEventOptions}; others are refused. */
export const perEventOptionNames = optionNames<PerEventOptions>({ signal: true });
