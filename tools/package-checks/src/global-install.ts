import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startLocalRegistry } from "./local-registry.js";
import type { PackedPackage } from "./pack-packages.js";
import { runOrThrow } from "./run-process.js";

/** What `npm install -g <package>` put on disk. */
export interface InstallWeight {
  /** Installed packages, the one asked for included (each `node_modules/<name>` once). */
  packages: number;
  /** Bytes of every file installed, in the package's folder and its dependencies. */
  bytes: number;
  /** `name` → bytes of that package alone (its own node_modules excluded), largest first. */
  byPackage: Array<{ name: string; bytes: number }>;
}

/** A global install in a temporary prefix, with its registry still running. */
export interface GlobalInstall {
  /** The npm prefix: bins are in `bin/`, packages in `lib/node_modules/`. */
  prefix: string;
  weight: InstallWeight;
  /** `npm install -g <name>` into the same prefix, from the same registry. */
  addGlobally(name: string): Promise<void>;
  /** Stops the registry and deletes the prefix. */
  remove(): Promise<void>;
}

/**
 * Publishes the packed packages to a local registry (verdaccio, as the release rehearsal does)
 * and runs `npm install -g <name>` from it into a temporary prefix, with an empty cache, the
 * way a user installs the CLI. Third-party packages come through the registry's uplink.
 */
export async function installGlobally(
  packed: readonly PackedPackage[],
  name: string,
): Promise<GlobalInstall> {
  const workDir = await mkdtemp(join(tmpdir(), "global-install-"));
  const registry = await startLocalRegistry(join(workDir, "registry")).catch(async (error) => {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  });
  const remove = async () => {
    await registry.stop();
    await rm(workDir, { recursive: true, force: true });
  };
  try {
    const userconfig = join(workDir, ".npmrc");
    await writeFile(userconfig, registry.npmrc);
    const npm = (args: string[]) =>
      runOrThrow(
        "npm",
        [...args, `--userconfig=${userconfig}`, `--cache=${join(workDir, "npm-cache")}`],
        { cwd: workDir, env: { npm_config_registry: registry.url } },
      );
    for (const pkg of packed) await npm(["publish", pkg.tarball, "--loglevel=error"]);
    const prefix = join(workDir, "prefix");
    const addGlobally = async (add: string) => {
      await npm(["install", "-g", `--prefix=${prefix}`, add, "--no-audit", "--no-fund"]);
    };
    await addGlobally(name);
    const weight = await measure(join(prefix, "lib", "node_modules"));
    return { prefix, weight, addGlobally, remove };
  } catch (error) {
    await remove();
    throw error;
  }
}

async function measure(root: string): Promise<InstallWeight> {
  const byPackage: Array<{ name: string; bytes: number }> = [];
  await walkPackages(root, byPackage);
  byPackage.sort((a, b) => b.bytes - a.bytes);
  return {
    packages: byPackage.length,
    bytes: byPackage.reduce((sum, entry) => sum + entry.bytes, 0),
    byPackage,
  };
}

/** Every package folder under a `node_modules`, nested ones included. */
async function walkPackages(
  nodeModules: string,
  out: Array<{ name: string; bytes: number }>,
): Promise<void> {
  for (const entry of await readdir(nodeModules, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
    if (entry.name.startsWith("@")) {
      for (const scoped of await readdir(join(nodeModules, entry.name), { withFileTypes: true })) {
        if (scoped.isDirectory()) {
          await addPackage(
            join(nodeModules, entry.name, scoped.name),
            `${entry.name}/${scoped.name}`,
            out,
          );
        }
      }
    } else {
      await addPackage(join(nodeModules, entry.name), entry.name, out);
    }
  }
}

async function addPackage(
  dir: string,
  name: string,
  out: Array<{ name: string; bytes: number }>,
): Promise<void> {
  out.push({ name, bytes: await folderBytes(dir, true) });
  const nested = join(dir, "node_modules");
  if (await isDirectory(nested)) await walkPackages(nested, out);
}

async function folderBytes(dir: string, top: boolean): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      // A package's own node_modules holds other packages, counted on their own.
      if (!(top && entry.name === "node_modules")) bytes += await folderBytes(path, false);
    } else if (entry.isFile()) {
      bytes += (await stat(path)).size;
    }
  }
  return bytes;
}

async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isDirectory() ?? false;
}
