import { read as readConfig } from "@changesets/config";
import readChangesets from "@changesets/read";
import { getPackages } from "@manypkg/get-packages";
import { type Bump, maxBump } from "./bump.js";

/** What the pending changesets (`.changeset/*.md`) do to the spec package's release group. */
export interface PendingRelease {
  /** The packages released together with the spec package (its changesets `fixed` group). */
  group: string[];
  /** The largest bump a pending changeset gives a package of the group. */
  bump: Bump;
  /** The changesets that bump the group, by id (file name without `.md`), with their bump. */
  changesets: { id: string; bump: Bump }[];
}

/**
 * Reads the pending changesets of the repository at `repoRoot` with changesets' own reader and
 * config (so `fixed` globs resolve the way `changeset version` resolves them), and works out
 * how much they bump the group that releases `specPackage`.
 */
export async function pendingRelease(
  repoRoot: string,
  specPackage: string,
): Promise<PendingRelease> {
  const packages = await getPackages(repoRoot);
  const config = await readConfig(repoRoot, packages);
  const group = config.fixed.find((fixed) => fixed.includes(specPackage)) ?? [specPackage];
  const members = new Set(group);
  const changesets = [];
  for (const changeset of await readChangesets(repoRoot)) {
    const bump = maxBump(
      changeset.releases
        .filter((release) => members.has(release.name))
        .map((release) => release.type),
    );
    if (bump !== "none") changesets.push({ id: changeset.id, bump });
  }
  return {
    group: [...group],
    bump: maxBump(changesets.map((changeset) => changeset.bump)),
    changesets,
  };
}
