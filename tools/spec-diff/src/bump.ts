/** A semver bump, from none to major. `none` means the spec did not change at all. */
export type Bump = "none" | "patch" | "minor" | "major";

const ORDER: readonly Bump[] = ["none", "patch", "minor", "major"];

/** The rank of a bump, so bumps can be compared (`none` = 0 … `major` = 3). */
export function bumpRank(bump: Bump): number {
  return ORDER.indexOf(bump);
}

/** The larger of the given bumps (`none` for an empty list). */
export function maxBump(bumps: Iterable<Bump>): Bump {
  let max: Bump = "none";
  for (const bump of bumps) if (bumpRank(bump) > bumpRank(max)) max = bump;
  return max;
}

/** Whether `given` is at least as large as `needed`. */
export function bumpCovers(given: Bump, needed: Bump): boolean {
  return bumpRank(given) >= bumpRank(needed);
}
