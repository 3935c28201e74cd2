import { hasErrorBrand } from "@braze-subscriptions/error-brand";

/**
 * The base class of every error this package throws (besides `TypeError` for bad options).
 * `instanceof` it or a subclass also holds for errors from the package's other build (ES module
 * or CommonJS), which an app may load next to this one.
 */
export class DocsError extends Error {
  /** The brand `instanceof` looks for, in either build. */
  protected static readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/docs/DocsError",
  );

  /**
   * Compares brands, not prototypes, along the value's prototype chain, so that errors from
   * either build pass (subclasses inherit this method).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the class right of `instanceof`, a subclass too.
    return hasErrorBrand(this, value);
  }

  override name = "DocsError";
}

/** The folder to serve has no `index.html`: the docs were not built. */
export class DocsNotBuiltError extends DocsError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/docs/DocsNotBuiltError",
  );
  override name = "DocsNotBuiltError";
  /** The folder that was looked in. */
  readonly root: string;

  constructor(root: string, options?: ErrorOptions) {
    super(
      `No docs in ${root} (index.html is missing). Build them: npx pnpm turbo run build --filter=@braze-subscriptions/docs`,
      options,
    );
    this.root = root;
  }
}

/** The server could not listen, e.g. the port is taken (`cause` has the system error). */
export class DocsServerError extends DocsError {
  /** The brand `instanceof` looks for, in either build. */
  protected static override readonly brand: symbol = /* @__PURE__ */ Symbol.for(
    "@braze-subscriptions/docs/DocsServerError",
  );
  override name = "DocsServerError";
}
