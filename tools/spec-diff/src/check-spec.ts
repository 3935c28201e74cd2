import { readFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import { type Bump, bumpCovers, maxBump } from "./bump.js";
import { bundleSpecAtCommit, bundleSpecFile } from "./bundle-spec.js";
import { type CheckOptions, resolveCheckOptions } from "./check-options.js";
import { diffSpec } from "./diff-spec.js";
import { git, lastReleaseCommit, resolveCommit } from "./git.js";
import { type PendingRelease, pendingRelease } from "./pending-changesets.js";
import type { SpecChange } from "./spec-change.js";

/** The verdict of {@link checkSpec}. */
export interface CheckResult {
  /** The commit the working tree was compared with. */
  base: string;
  /** The package that publishes the spec (named by the spec folder's package.json). */
  specPackage: string;
  /** Every change since `base`, with the release each needs. */
  changes: SpecChange[];
  /** The bump the changes need (`none` when the spec did not change). */
  required: Bump;
  /** What the pending changesets bump the spec package's release group by. */
  pending: PendingRelease;
  /** Whether the pending changesets cover the required bump. */
  ok: boolean;
}

/**
 * Compares the working tree's spec with the spec at a base commit and checks that the pending
 * changesets bump the spec package's release group at least as much as the changes need.
 */
export async function checkSpec(options?: CheckOptions): Promise<CheckResult> {
  const { cwd, base, spec } = resolveCheckOptions(options);
  const repoRoot = (await git(cwd, ["rev-parse", "--show-toplevel"])).trim();
  const specPackageJson = join(dirname(spec), "package.json");
  const specPackage = String(JSON.parse(await readFile(specPackageJson, "utf8")).name);
  const commit =
    base === undefined
      ? await lastReleaseCommit(repoRoot, relative(repoRoot, specPackageJson))
      : await resolveCommit(repoRoot, base);
  const [before, after, pending] = await Promise.all([
    bundleSpecAtCommit(repoRoot, commit, spec),
    bundleSpecFile(spec),
    pendingRelease(cwd, specPackage),
  ]);
  // A spec that did not exist at the base is all new: a minor release of new operations.
  const changes =
    before === undefined
      ? [{ bump: "minor" as const, location: "", message: "spec added" }]
      : diffSpec(before, after);
  const required = maxBump(changes.map((change) => change.bump));
  return {
    base: commit,
    specPackage,
    changes,
    required,
    pending,
    ok: bumpCovers(pending.bump, required),
  };
}
