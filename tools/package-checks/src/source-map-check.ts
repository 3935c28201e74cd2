import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { PackedPackage } from "./pack-packages.js";
import { run } from "./run-process.js";

/** A path that names the machine it was written on: POSIX, Windows or a file URL. */
const MACHINE_PATH = /^(\/|[A-Za-z]:[\\/]|file:)/;

/**
 * Source maps in the tarball whose `sources` name an absolute path. A published map must name
 * its sources relative to itself: an absolute path is the build machine's (its user and
 * folders), and no debugger of the consumer can open it.
 */
export async function sourceMapProblems(pkg: PackedPackage): Promise<string[]> {
  const into = await mkdtemp(join(tmpdir(), "package-checks-maps-"));
  try {
    const unpacked = await run("tar", ["-xzf", pkg.tarball, "-C", into], { cwd: pkg.dir });
    if (unpacked.code !== 0) return [`cannot unpack ${pkg.tarball}: ${unpacked.stderr.trim()}`];
    const problems: string[] = [];
    for (const file of await readdir(into, { recursive: true })) {
      if (!file.endsWith(".map")) continue;
      const map = JSON.parse(await readFile(join(into, file), "utf8")) as { sources?: unknown };
      const sources = Array.isArray(map.sources) ? map.sources : [];
      const absolute = sources.filter((s) => typeof s === "string" && MACHINE_PATH.test(s));
      if (absolute.length > 0) {
        problems.push(`${file.replace(/^package\//, "")} names an absolute source: ${absolute[0]}`);
      }
    }
    return problems;
  } finally {
    await rm(into, { recursive: true, force: true });
  }
}
