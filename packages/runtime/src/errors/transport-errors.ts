import { BrazeError, type ValidationIssue } from "./braze-error.js";

/** The request never got an HTTP answer: DNS, refused or reset connection, TLS failure. */
export class BrazeConnectionError extends BrazeError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeConnectionError",
  );
  override name = "BrazeConnectionError";
}

/** No answer within `timeoutMs` (the request was aborted by the runtime). */
export class BrazeTimeoutError extends BrazeError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeTimeoutError",
  );
  override name = "BrazeTimeoutError";
  /** The per-request timeout that elapsed. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`No answer from Braze within ${timeoutMs} ms`);
    this.timeoutMs = timeoutMs;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), timeoutMs: this.timeoutMs };
  }
}

/**
 * The caller's `AbortSignal` fired. `cause` is the signal's reason, as a sanitized copy (name,
 * message, `code`; the API key scrubbed): `controller.abort(new Error("shutdown"))` comes back
 * as a cause named `Error` with that message, a deadline of `AbortSignal.timeout` as one
 * named `TimeoutError`, a bare `controller.abort()` as an `AbortError`.
 */
export class BrazeAbortError extends BrazeError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeAbortError",
  );
  override name = "BrazeAbortError";
  /**
   * Set by `setStatus` (a `SetStatusResult`) and `getStatus` (a `GetStatusResult`): counts and
   * outcomes of what settled before the abort (identifiers not read yet have no outcome;
   * in-flight ones end `failed` with code `aborted`).
   */
  result?:
    | import("../vocabulary/outcome.js").SetStatusResult
    | import("../vocabulary/read-outcome.js").GetStatusResult;
  /**
   * Set by `subscribe`, `unsubscribe` and `enqueue`: what became of the call's write.
   * `not_sent` (reason `stopped`, code `aborted`): it had not been sent, and is not sent for
   * this call (a call sharing its slot, the same identifier and state, may still send it);
   * `failed` (code `aborted`): its request had left, so Braze may apply it.
   */
  outcome?: import("../vocabulary/outcome.js").Outcome;
}

/** Input was refused before anything was sent. */
export class BrazeValidationError extends BrazeError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeValidationError",
  );
  override name = "BrazeValidationError";
  /** Every issue found. */
  readonly issues: ValidationIssue[];
  constructor(message: string, issues: ValidationIssue[]) {
    super(message);
    this.issues = issues;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), issues: this.issues };
  }
}

/** Work was given to a runtime after `close()`. */
export class BrazeClosedError extends BrazeError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeClosedError",
  );
  override name = "BrazeClosedError";
}
