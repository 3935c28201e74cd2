import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type { PackedPackage } from "./pack-packages.js";
import { type RunResult, run, runOrThrow } from "./run-process.js";

/** A temporary copy of an example project with the packed packages installed by npm. */
export interface ConsumerProject {
  /** The copy's folder. */
  dir: string;
  /** Runs a command in the copy; resolves whatever its exit code. */
  run(command: string, args: readonly string[]): Promise<RunResult>;
  /** Deletes the copy. */
  remove(): Promise<void>;
}

/**
 * Copies `exampleDir` to a temporary folder and installs every packed package into it with
 * npm, from the tarballs (never workspace links). `overrides` pin our packages' dependencies
 * on each other to the tarballs too; third-party dependencies come from the npm registry.
 */
export async function installConsumer(
  exampleDir: string,
  packed: readonly PackedPackage[],
  extraDependencies: Record<string, string> = {},
): Promise<ConsumerProject> {
  const dir = await mkdtemp(join(tmpdir(), `consumer-${basename(exampleDir)}-`));
  try {
    await cp(exampleDir, dir, {
      recursive: true,
      filter: (source) => basename(source) !== "node_modules",
    });
    const manifestPath = join(dir, "package.json");
    const manifest = JSON.parse(await readFile(manifestPath, "utf8")) as Record<string, unknown>;
    const tarballs = Object.fromEntries(packed.map((pkg) => [pkg.name, `file:${pkg.tarball}`]));
    manifest.dependencies = { ...tarballs, ...extraDependencies };
    manifest.overrides = tarballs;
    await writeFile(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    await runOrThrow("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], {
      cwd: dir,
    });
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    dir,
    run: (command, args) => run(command, args, { cwd: dir, env: { NODE_NO_WARNINGS: "1" } }),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** The JSON object printed on the last line of a command's output. */
export function lastJsonLine(output: string): Record<string, unknown> {
  const lines = output.trim().split("\n");
  return JSON.parse(lines[lines.length - 1] ?? "null") as Record<string, unknown>;
}
