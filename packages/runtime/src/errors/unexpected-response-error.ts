import { BrazeError } from "./braze-error.js";

/** What {@link BrazeUnexpectedResponseError} says about the answer. */
export interface UnexpectedResponseDetails {
  /** HTTP status; `0` when a browser hid a redirect (`opaqueredirect`). */
  status: number;
  /** The media type of the answer (without parameters), when it had one. */
  contentType?: string;
  /** Whether the answer was a redirect (never followed). */
  redirect: boolean;
  /** How many attempts were made. */
  attempts?: number;
}

/**
 * An answer the spec does not document as a success: a redirect (never followed: it would take
 * the request, and its API key, elsewhere), or a `2xx` whose content type or body does not
 * match the spec's success response (a proxy's HTML login page, an empty or cut-off body,
 * another `message`). The update may not have been applied. Code `unexpected_response`. Its
 * message names the status, the content type and, for a redirect, only the target's host.
 */
export class BrazeUnexpectedResponseError extends BrazeError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeUnexpectedResponseError",
  );
  override name = "BrazeUnexpectedResponseError";
  /** The failure code outcomes carry. */
  readonly code = "unexpected_response";
  /** HTTP status; `0` when a browser hid a redirect. */
  readonly status: number;
  /** The media type of the answer, when it had one. */
  readonly contentType: string | undefined;
  /** Whether the answer was a redirect. */
  readonly redirect: boolean;
  /** How many attempts were made. */
  attempts: number;

  constructor(message: string, details: UnexpectedResponseDetails) {
    super(message);
    this.status = details.status;
    this.contentType = details.contentType;
    this.redirect = details.redirect;
    this.attempts = details.attempts ?? 1;
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      code: this.code,
      status: this.status,
      ...(this.contentType === undefined ? {} : { contentType: this.contentType }),
      redirect: this.redirect,
      attempts: this.attempts,
    };
  }
}
