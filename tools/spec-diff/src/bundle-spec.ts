import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { SpecBundleError } from "./errors.js";
import { existsAtCommit, git } from "./git.js";
import type { JsonObject } from "./json-value.js";
import { runCommand } from "./run-command.js";

const redoclyCli = join(
  dirname(createRequire(import.meta.url).resolve("@redocly/cli/package.json")),
  "bin/cli.js",
);

/**
 * Bundles a spec entry file with redocly (the same bundler as `openapi`'s build), so both sides
 * of a diff are produced the same way. Runs in the entry's folder so its `redocly.yaml` applies.
 */
export async function bundleSpecFile(entry: string): Promise<JsonObject> {
  const workDir = await mkdtemp(join(tmpdir(), "spec-diff-bundle-"));
  const output = join(workDir, "openapi.json");
  try {
    await runCommand(process.execPath, [redoclyCli, "bundle", entry, "-o", output], dirname(entry));
    return JSON.parse(await readFile(output, "utf8")) as JsonObject;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? String(error);
    throw new SpecBundleError(`redocly could not bundle ${entry}: ${stderr}`, { cause: error });
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * Bundles the spec as it was at `commit`: extracts the spec folder with `git archive` into a
 * temporary folder (the bundled `dist/` is not committed) and bundles it there.
 * Resolves to `undefined` when the spec did not exist yet at that commit.
 */
export async function bundleSpecAtCommit(
  repoRoot: string,
  commit: string,
  entry: string,
): Promise<JsonObject | undefined> {
  const entryPath = relative(repoRoot, entry).split("\\").join("/");
  if (!(await existsAtCommit(repoRoot, commit, entryPath))) return undefined;
  const workDir = await mkdtemp(join(tmpdir(), "spec-diff-base-"));
  try {
    const specDir = dirname(entryPath);
    const archive = join(workDir, "spec.tar");
    await git(repoRoot, ["archive", "--format=tar", `--output=${archive}`, commit, "--", specDir]);
    const extracted = join(workDir, "tree");
    await mkdir(extracted);
    await runCommand("tar", ["-xf", archive, "-C", extracted], workDir);
    return await bundleSpecFile(join(extracted, entryPath));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
