import { hasErrorBrand } from "@braze-subscriptions/error-brand";

/**
 * Base class of every error this package throws (bad options are `TypeError`s instead).
 * `instanceof` it or a subclass also holds for errors from the package's other build (ES module
 * or CommonJS), which an app may load next to this one.
 */
export class BrazeFakeError extends Error {
  /** The brand `instanceof` looks for, in either build. */
  protected static readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/testing/BrazeFakeError",
  );

  /**
   * Compares brands, not prototypes, along the value's prototype chain, so that errors from
   * either build pass (subclasses inherit this method).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of `instanceof`, a subclass too.
    return hasErrorBrand(this, value);
  }

  override name = "BrazeFakeError";
}

/** The fake's HTTP server could not listen (port in use, address not available…). */
export class FakeListenError extends BrazeFakeError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/testing/FakeListenError",
  );
  override name = "FakeListenError";
  constructor(
    /** Where the server tried to listen, as `host:port` (an IPv6 host in brackets: `[::1]:8080`). */
    readonly address: string,
    options: { cause: unknown },
  ) {
    // No "Braze fake:" prefix: the class names the fake, and the bins add their own prefix.
    super(
      `cannot listen on ${address}: ${String((options.cause as Error)?.message ?? options.cause)}`,
      options,
    );
  }
}

/** The `braze-fake` command line was wrong. */
export class CliUsageError extends BrazeFakeError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/testing/CliUsageError",
  );
  override name = "CliUsageError";
}
