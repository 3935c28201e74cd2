import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";
import { licenseProblems } from "./license-check.js";
import type { PackedPackage } from "./pack-packages.js";
import { run } from "./run-process.js";
import { sourceMapProblems } from "./source-map-check.js";

/** One thing wrong with a packed package, and the tool that found it. */
export interface RecipeProblem {
  tool: "recipe" | "publint" | "attw";
  message: string;
}

const require = createRequire(import.meta.url);
const attwBin = join(
  dirname(require.resolve("@arethetypeswrong/cli/package.json")),
  "dist/index.js",
);

/**
 * Checks one packed package: the team's recipe (ARCHITECTURE.md), its license file and
 * source maps, publint on the tarball, and arethetypeswrong when the package ships JavaScript.
 */
export async function checkRecipe(pkg: PackedPackage): Promise<RecipeProblem[]> {
  const problems = recipeProblems(pkg.manifest);
  for (const message of await licenseProblems(pkg)) problems.push({ tool: "recipe", message });
  for (const message of await sourceMapProblems(pkg)) problems.push({ tool: "recipe", message });
  problems.push(...(await publintProblems(pkg.tarball)));
  if (shipsJavaScript(pkg.manifest)) problems.push(...(await attwProblems(pkg)));
  return problems;
}

/** The recipe every published package.json follows (ARCHITECTURE.md, convention 3). */
export function recipeProblems(manifest: Record<string, unknown>): RecipeProblem[] {
  const problems: string[] = [];
  if (manifest.type !== "module") problems.push('"type" must be "module"');
  if (JSON.stringify(manifest.files) !== JSON.stringify(["dist"]))
    problems.push('"files" must be ["dist"]');
  if (manifest.sideEffects !== false) problems.push('"sideEffects" must be false');
  const engines = manifest.engines as { node?: unknown } | undefined;
  if (engines?.node !== ">=20.19") problems.push('"engines.node" must be ">=20.19"');
  const exports = manifest.exports as Record<string, unknown> | undefined;
  if (exports === undefined || typeof exports !== "object") problems.push('"exports" is missing');
  else if (exports["./package.json"] !== "./package.json")
    problems.push('"exports" must map "./package.json"');
  if (typeof manifest.description !== "string" || manifest.description === "")
    problems.push('"description" is missing');
  if (typeof manifest.license !== "string") problems.push('"license" is missing');
  return problems.map((message) => ({ tool: "recipe", message }));
}

async function publintProblems(tarball: string): Promise<RecipeProblem[]> {
  const bytes = await readFile(tarball);
  const data = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  ) as ArrayBuffer;
  const { messages, pkg } = await publint({
    pack: { tarball: data },
    level: "warning",
    strict: false,
  });
  return messages.map((message) => ({
    tool: "publint",
    message: `${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`,
  }));
}

/** Whether any export (or `main`) points at JavaScript: only those have types to check. */
export function shipsJavaScript(manifest: Record<string, unknown>): boolean {
  const targets: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === "string") targets.push(value);
    else if (value !== null && typeof value === "object") Object.values(value).forEach(collect);
  };
  collect(manifest.exports);
  collect(manifest.main);
  return targets.some((target) => /\.[cm]?js$/.test(target));
}

/** Whether the package gives CommonJS consumers their own build (a `require` condition). */
export function hasRequireCondition(manifest: Record<string, unknown>): boolean {
  return JSON.stringify(manifest.exports ?? {}).includes('"require"');
}

/**
 * The resolutions attw checks. `node10` (TypeScript's legacy resolution, which ignores
 * `exports` and so cannot see subpaths like `./redis`) is not supported: consumers use
 * `node16`/`nodenext` or `bundler`. ESM-only packages are required through Node 20.19's
 * require(esm), which the CommonJS consumer test proves, so `node16-cjs` is skipped for them.
 */
export function checkedResolutions(manifest: Record<string, unknown>): string[] {
  return hasRequireCondition(manifest)
    ? ["node16-cjs", "node16-esm", "bundler"]
    : ["node16-esm", "bundler"];
}

interface AttwProblem {
  kind?: string;
  entrypoint?: string;
  resolutionKind?: string;
}

async function attwProblems(pkg: PackedPackage): Promise<RecipeProblem[]> {
  const result = await run(process.execPath, [attwBin, pkg.tarball, "--format", "json"], {
    cwd: dirname(pkg.tarball),
  });
  let report: { analysis?: { types?: unknown }; problems?: unknown };
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return [
      {
        tool: "attw",
        message: `attw failed (exit ${result.code}): ${result.stderr || result.stdout}`,
      },
    ];
  }
  const problems: RecipeProblem[] = [];
  if (report.analysis?.types === false)
    problems.push({ tool: "attw", message: "ships JavaScript without types" });
  const checked = new Set(checkedResolutions(pkg.manifest));
  const found = report.problems ?? [];
  const list = (
    Array.isArray(found) ? found : Object.values(found as Record<string, unknown[]>).flat()
  ) as AttwProblem[];
  for (const problem of list) {
    // Problems of the whole package (no resolution kind) always count.
    if (problem.resolutionKind !== undefined && !checked.has(problem.resolutionKind)) continue;
    const where = [problem.entrypoint, problem.resolutionKind].filter(Boolean).join(" under ");
    problems.push({
      tool: "attw",
      message: `${problem.kind ?? JSON.stringify(problem)}${where ? ` (${where})` : ""}`,
    });
  }
  return problems;
}
