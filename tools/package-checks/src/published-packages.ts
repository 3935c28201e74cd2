import { getPackages } from "@manypkg/get-packages";

/** A workspace package that is published to npm (its package.json is not `private`). */
export interface PublishedPackage {
  name: string;
  version: string;
  /** Absolute folder of the package. */
  dir: string;
  /** The package.json as written in the workspace. */
  manifest: Record<string, unknown>;
}

/**
 * Every published package of the workspace at `repoRoot`, found the way pnpm and changesets
 * find them (pnpm-workspace.yaml), so a package that lands later is checked without a change here.
 */
export async function publishedPackages(repoRoot: string): Promise<PublishedPackage[]> {
  const { packages } = await getPackages(repoRoot);
  return packages
    .filter((pkg) => pkg.packageJson.private !== true)
    .map((pkg) => ({
      name: pkg.packageJson.name,
      version: pkg.packageJson.version,
      dir: pkg.dir,
      manifest: pkg.packageJson as unknown as Record<string, unknown>,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
