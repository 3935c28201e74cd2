/** The base class of every error spec-diff throws on purpose. */
export class SpecDiffError extends Error {
  override name = "SpecDiffError";
}

/** A git command failed: an unknown ref, or not a git repository. */
export class GitError extends SpecDiffError {
  override name = "GitError";
}

/** redocly could not bundle a spec (it does not parse, or a `$ref` is broken). */
export class SpecBundleError extends SpecDiffError {
  override name = "SpecBundleError";
}
