import { chmod, copyFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { lastJsonLine } from "./consumer-project.js";
import { PackageCheckError } from "./errors.js";
import { type LocalRegistry, startLocalRegistry } from "./local-registry.js";
import { publishedPackages } from "./published-packages.js";
import { pnpm, runOrThrow } from "./run-process.js";

/** What a release rehearsal did. */
export interface RehearsalResult {
  /** The version every published package was released as. */
  version: string;
  /** `name@version` of each package found on the local registry after `changeset publish`. */
  published: string[];
  /** Packages whose CHANGELOG.md gained a section for `version`. */
  changelogs: string[];
  /** Packages whose new CHANGELOG.md section quotes the rehearsal's changeset. */
  describedIn: string[];
  /** What the runtime, installed from the registry, reported after a bulk update to the fake. */
  consumer: Record<string, unknown>;
}

/** Options of {@link rehearseRelease}. */
export interface RehearsalOptions {
  /** The monorepo to release (its committed HEAD, with the `dist/` folders of its working tree). */
  repoRoot: string;
  /**
   * Receives one line per step.
   * @default a function that drops them
   */
  log?: (line: string) => void;
}

/** Checks the options; a bad value throws a `TypeError` naming the option. */
export function resolveRehearsalOptions(options: RehearsalOptions): Required<RehearsalOptions> {
  const { repoRoot, log = () => {} } = options ?? ({} as RehearsalOptions);
  if (typeof repoRoot !== "string" || repoRoot === "") {
    throw new TypeError(
      `rehearseRelease: option "repoRoot" must be a folder path, got ${JSON.stringify(repoRoot)}`,
    );
  }
  if (typeof log !== "function") {
    throw new TypeError(`rehearseRelease: option "log" must be a function, got ${typeof log}`);
  }
  return { repoRoot, log };
}

const CHANGESET_ID = "release-rehearsal";
const consumerScript = fileURLToPath(new URL("../rehearsal/consumer.mjs", import.meta.url));

/**
 * Rehearses a release end to end, leaving nothing behind: clones the repository into a
 * temporary folder, adds a changeset, runs `changeset version` and `changeset publish` against
 * a local verdaccio on 127.0.0.1, installs `@braze-subscriptions/runtime` from it into a fresh
 * folder with npm, and runs a bulk update against the Braze fake there.
 */
export async function rehearseRelease({
  repoRoot,
  log = () => {},
}: RehearsalOptions): Promise<RehearsalResult> {
  const workDir = await mkdtemp(join(tmpdir(), "release-rehearsal-"));
  let registry: LocalRegistry | undefined;
  try {
    registry = await startLocalRegistry(join(workDir, "registry"));
    log(`registry listening on ${registry.url}`);
    const npmrc = join(workDir, ".npmrc");
    await writeFile(npmrc, registry.npmrc);
    const env = {
      NPM_CONFIG_USERCONFIG: npmrc,
      npm_config_registry: registry.url,
      PATH: `${await pnpmShim(workDir)}:${process.env.PATH ?? ""}`,
    };

    const clone = join(workDir, "repo");
    await runOrThrow("git", ["clone", "--quiet", "--no-hardlinks", repoRoot, clone], {
      cwd: workDir,
    });
    await pnpm(["install", "--prefer-offline", "--ignore-scripts", "--no-frozen-lockfile"], {
      cwd: clone,
      env,
    });
    log("cloned and installed");

    await writeFile(
      join(clone, ".changeset", `${CHANGESET_ID}.md`),
      `---\n"@braze-subscriptions/runtime": minor\n---\n\nRelease rehearsal.\n`,
    );
    const changeset = join(clone, "node_modules/@changesets/cli/bin.js");
    await runOrThrow(process.execPath, [changeset, "version"], { cwd: clone });
    const packages = await publishedPackages(clone);
    const versions = new Set(packages.map((pkg) => pkg.version));
    if (versions.size !== 1) {
      throw new PackageCheckError(
        `changeset version left the fixed group at several versions: ${[...versions].join(", ")}`,
      );
    }
    const [version] = versions as unknown as [string];
    const changelogs: string[] = [];
    const describedIn: string[] = [];
    for (const pkg of packages) {
      const changelog = await readFile(join(pkg.dir, "CHANGELOG.md"), "utf8").catch(() => "");
      if (changelog.includes(`## ${version}`)) changelogs.push(pkg.name);
      if (changelog.includes("Release rehearsal.")) describedIn.push(pkg.name);
    }
    log(`versioned ${packages.length} packages as ${version}`);

    // dist/ is not committed: publish what the working tree built.
    for (const pkg of packages) {
      const built = join(repoRoot, relative(clone, pkg.dir), "dist");
      await cp(built, join(pkg.dir, "dist"), { recursive: true });
    }
    await runOrThrow(process.execPath, [changeset, "publish"], { cwd: clone, env });
    const published: string[] = [];
    for (const pkg of packages) {
      const response = await fetch(new URL(pkg.name.replace("/", "%2f"), registry.url));
      const document = response.ok
        ? ((await response.json()) as { versions?: Record<string, unknown> })
        : {};
      if (document.versions?.[version] !== undefined) published.push(`${pkg.name}@${version}`);
    }
    log(`published ${published.join(", ")}`);

    const consumerDir = join(workDir, "consumer");
    await mkdir(consumerDir);
    await writeFile(
      join(consumerDir, "package.json"),
      `${JSON.stringify({ private: true, type: "module" })}\n`,
    );
    await copyFile(consumerScript, join(consumerDir, "consumer.mjs"));
    await runOrThrow(
      "npm",
      [
        "install",
        "--no-audit",
        "--no-fund",
        "--loglevel=error",
        `--cache=${join(workDir, "npm-cache")}`,
        `@braze-subscriptions/runtime@${version}`,
        `@braze-subscriptions/testing@${version}`,
      ],
      { cwd: consumerDir, env },
    );
    const ran = await runOrThrow(process.execPath, ["consumer.mjs"], { cwd: consumerDir });
    return { version, published, changelogs, describedIn, consumer: lastJsonLine(ran.stdout) };
  } finally {
    await registry?.stop();
    await rm(workDir, { recursive: true, force: true });
  }
}

/**
 * A `pnpm` on PATH for `changeset publish`, which runs `pnpm publish` in a pnpm workspace. It
 * calls the pinned pnpm that npx installed directly: npx's own start-up per package doubled
 * the publish time.
 */
async function pnpmShim(workDir: string): Promise<string> {
  const bin = join(workDir, "bin");
  await mkdir(bin);
  const { stdout } = await runOrThrow(
    "npx",
    ["-y", "-p", "pnpm@10", "sh", "-c", "command -v pnpm"],
    { cwd: workDir },
  );
  await writeFile(join(bin, "pnpm"), `#!/bin/sh\nexec ${JSON.stringify(stdout.trim())} "$@"\n`);
  await chmod(join(bin, "pnpm"), 0o755);
  return bin;
}
