import { hasErrorBrand } from "@braze-subscriptions/error-brand";
import type { ValidationIssue } from "@braze-subscriptions/validators";

export type { ValidationIssue };

/**
 * Base class of every error thrown by `@braze-subscriptions/runtime`. Messages, causes and the
 * JSON form never contain the API key: they are built from status codes, header values of
 * responses (never of requests) and sanitized causes.
 *
 * `instanceof` this class or a subclass also holds for errors from the package's other build
 * (ES module or CommonJS), which an app may load next to this one.
 */
export class BrazeError extends Error {
  /** The brand `instanceof` looks for, in either build. */
  protected static readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/runtime/BrazeError",
  );

  /**
   * Compares brands, not prototypes, along the value's prototype chain, so that errors from
   * either build pass (subclasses inherit this method).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of `instanceof`, a subclass too.
    return hasErrorBrand(this, value);
  }

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
