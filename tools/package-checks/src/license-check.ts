import type { PackedPackage } from "./pack-packages.js";
import { run } from "./run-process.js";

/** The names npm always packs as a license, whatever `files` says. */
const LICENSE_FILE = /^package\/(LICEN[CS]E|COPYING)(\.(md|txt))?$/i;

/**
 * Whether the tarball carries its license's text. `license` in package.json only names it;
 * MIT (and most licenses) ask that the notice ship with every copy, and a company's license
 * review looks for the file in `node_modules/<package>/`. `pnpm pack` (and so `pnpm publish`)
 * copies the workspace root's `LICENSE` into a package that has none, whatever `files` says.
 */
export async function licenseProblems(pkg: PackedPackage): Promise<string[]> {
  const listing = await run("tar", ["-tzf", pkg.tarball], { cwd: pkg.dir });
  if (listing.code !== 0) return [`cannot list ${pkg.tarball}: ${listing.stderr.trim()}`];
  const entries = listing.stdout.split("\n");
  if (entries.some((entry) => LICENSE_FILE.test(entry))) return [];
  return [`the tarball has no LICENSE file (package.json says "${String(pkg.manifest.license)}")`];
}
