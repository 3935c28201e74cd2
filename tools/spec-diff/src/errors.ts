/** The base class of every error spec-diff throws on purpose. */
export class SpecDiffError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SpecDiffError";
  }
}

/** A git command failed: an unknown ref, or not a git repository. */
export class GitError extends SpecDiffError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "GitError";
  }
}

/** redocly could not bundle a spec (it does not parse, or a `$ref` is broken). */
export class SpecBundleError extends SpecDiffError {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "SpecBundleError";
  }
}
