/** The base class of every error this package throws (besides `TypeError` for bad options). */
export class DocsError extends Error {
  override name = "DocsError";
}

/** The folder to serve has no `index.html`: the docs were not built. */
export class DocsNotBuiltError extends DocsError {
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
  override name = "DocsServerError";
}
