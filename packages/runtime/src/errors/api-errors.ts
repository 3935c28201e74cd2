import { BrazeError } from "./braze-error.js";

/** What an HTTP error response carried. */
export interface ApiErrorDetails {
  /** HTTP status of the response. */
  status: number;
  /** Response headers (lower-case names). Request headers, and so the API key, are never kept. */
  headers: Record<string, string>;
  /** The parsed JSON body, or the raw text when it was not JSON (e.g. a proxy's HTML 502). */
  body: unknown;
  /** How many attempts were made before giving up. */
  attempts?: number;
}

/** Braze answered with a non-2xx status. Subclasses tell the status class apart. */
export class BrazeApiError extends BrazeError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeApiError",
  );
  override name = "BrazeApiError";
  /** HTTP status of the response. */
  readonly status: number;
  /** Response headers (lower-case names). */
  readonly headers: Record<string, string>;
  /** Parsed JSON body, or raw text for non-JSON bodies. */
  readonly body: unknown;
  /** How many attempts were made. */
  readonly attempts: number;

  constructor(details: ApiErrorDetails, options?: { cause?: unknown }) {
    super(`Braze answered HTTP ${details.status}: ${messageOf(details.body)}`, options);
    this.status = details.status;
    this.headers = details.headers;
    this.body = details.body;
    this.attempts = details.attempts ?? 1;
  }

  /**
   * Braze's own words: the body's `message`, or the start of a body that is not JSON (a
   * proxy's HTML page) with its tags squeezed out; `(empty body)` when there is none.
   */
  get brazeMessage(): string {
    return messageOf(this.body);
  }

  override toJSON(): Record<string, unknown> {
    return {
      ...super.toJSON(),
      status: this.status,
      headers: this.headers,
      body: this.body,
      attempts: this.attempts,
    };
  }
}

/** 400 or 413: the request was refused as malformed or too large; retrying cannot help. */
export class BrazeBadRequestError extends BrazeApiError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeBadRequestError",
  );
  override name = "BrazeBadRequestError";
}
/** 401 or 403: the key is wrong, for another instance, or lacks the permission. */
export class BrazeAuthError extends BrazeApiError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeAuthError",
  );
  override name = "BrazeAuthError";
}
/** 404: the URL is wrong (often a wrong instance or a proxy path). */
export class BrazeNotFoundError extends BrazeApiError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeNotFoundError",
  );
  override name = "BrazeNotFoundError";
}
/** 429: over the rate limit, and retries did not get through. */
export class BrazeRateLimitError extends BrazeApiError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeRateLimitError",
  );
  override name = "BrazeRateLimitError";
}
/** 5xx: Braze or a proxy failed, and retries did not get through. */
export class BrazeServerError extends BrazeApiError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeServerError",
  );
  override name = "BrazeServerError";
}

/** Creates the {@link BrazeApiError} subclass that fits `details.status`. */
export function apiErrorFor(details: ApiErrorDetails): BrazeApiError {
  const { status } = details;
  if (status === 400 || status === 413) return new BrazeBadRequestError(details);
  if (status === 401 || status === 403) return new BrazeAuthError(details);
  if (status === 404) return new BrazeNotFoundError(details);
  if (status === 429) return new BrazeRateLimitError(details);
  if (status >= 500) return new BrazeServerError(details);
  return new BrazeApiError(details);
}

/**
 * The human-readable part of an error body: Braze's `message` when the body is JSON, else the
 * start of the text with tags and whitespace squeezed (an HTML 502 page stays readable).
 */
export function messageOf(body: unknown): string {
  if (
    body &&
    typeof body === "object" &&
    typeof (body as { message?: unknown }).message === "string"
  ) {
    return (body as { message: string }).message;
  }
  if (typeof body === "string" && body.trim() !== "") {
    const text = body
      .replace(/<[^>]*>/g, " ")
      .replace(/\s+/g, " ")
      .trim();
    return text.length > 200 ? `${text.slice(0, 200)}…` : text || "(empty body)";
  }
  return "(empty body)";
}
