export { type Bump, bumpCovers, bumpRank, maxBump } from "./bump.js";
export { bundleSpecAtCommit, bundleSpecFile } from "./bundle-spec.js";
export type { CheckOptions } from "./check-options.js";
export { type CheckResult, checkSpec } from "./check-spec.js";
export { diffSpec } from "./diff-spec.js";
export { GitError, SpecBundleError, SpecDiffError } from "./errors.js";
export { formatResult } from "./format-result.js";
export { type PendingRelease, pendingRelease } from "./pending-changesets.js";
export type { SpecChange } from "./spec-change.js";
