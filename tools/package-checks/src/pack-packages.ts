import type { PublishedPackage } from "./published-packages.js";
import { pnpm } from "./run-process.js";

/** A package packed the way `pnpm publish` packs it (`workspace:` ranges replaced). */
export interface PackedPackage extends PublishedPackage {
  /** Absolute path of the `.tgz`. */
  tarball: string;
}

/** Packs the packages with one `pnpm pack` run into `destination`. */
export async function packPackages(
  repoRoot: string,
  packages: readonly PublishedPackage[],
  destination: string,
): Promise<PackedPackage[]> {
  const filters = packages.flatMap((pkg) => ["--filter", pkg.name]);
  const { stdout } = await pnpm([...filters, "pack", "--pack-destination", destination, "--json"], {
    cwd: repoRoot,
  });
  const parsed = JSON.parse(stdout) as
    | { name: string; filename: string }
    | { name: string; filename: string }[];
  const byName = new Map(
    (Array.isArray(parsed) ? parsed : [parsed]).map((entry) => [entry.name, entry.filename]),
  );
  return packages.map((pkg) => {
    const tarball = byName.get(pkg.name);
    if (tarball === undefined) throw new Error(`pnpm pack did not pack ${pkg.name}`);
    return { ...pkg, tarball };
  });
}
