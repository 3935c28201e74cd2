import type { ValidationIssue } from "@braze-subscriptions/validators";

export type { ValidationIssue };

/**
 * Base class of every error thrown by `@braze-subscriptions/runtime`. Messages, causes and the
 * JSON form never contain the API key: they are built from status codes, header values of
 * responses (never of requests) and sanitized causes.
 */
export class BrazeError extends Error {
  override name = "BrazeError";

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }

  /** A plain object for logs and reports (no stack, no request, no API key). */
  toJSON(): Record<string, unknown> {
    return { name: this.name, message: this.message, ...causeJson(this.cause) };
  }
}

function causeJson(cause: unknown): Record<string, unknown> {
  if (cause === undefined) return {};
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return {
      cause: { name: cause.name, message: cause.message, ...(code === undefined ? {} : { code }) },
    };
  }
  return { cause: String(cause) };
}
