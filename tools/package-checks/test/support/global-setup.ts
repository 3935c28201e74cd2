import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { installLocalRegistry } from "../../src/local-registry.js";
import { type PackedPackage, packPackages } from "../../src/pack-packages.js";
import { publishedPackages } from "../../src/published-packages.js";
import { repoRoot } from "./repo-root.js";

declare module "vitest" {
  export interface ProvidedContext {
    /** Every published package, packed once for all test files of this project. */
    packed: PackedPackage[];
  }
}

/**
 * Packs every published package once (the tarballs are removed after the run), and installs
 * the local registry that test files start in parallel.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const destination = await mkdtemp(join(tmpdir(), "package-checks-packed-"));
  const remove = () => rm(destination, { recursive: true, force: true });
  try {
    await installLocalRegistry();
    project.provide(
      "packed",
      await packPackages(repoRoot, await publishedPackages(repoRoot), destination),
    );
  } catch (error) {
    await remove();
    throw error;
  }
  return remove;
}
