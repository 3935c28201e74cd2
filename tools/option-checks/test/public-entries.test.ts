import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// Each package resolves its options once, with a `resolve*Options` of its own: that is how
// it works inside, not API. A public entry that exported one (the client's
// `resolveClientOptions`, with its helpers `findApiKey`, `findTarget`, `clientOptionNames`)
// made apps depend on it; the runtime and the CLI take the client's from its internal entry.
const packagesDir = join(import.meta.dirname, "../../../packages");

/** The internal helpers of option resolution, beside every `resolve…Options`. */
const INTERNAL = /\b(resolve\w*Options|findApiKey|findTarget|clientOptionNames)\b/g;

/** Every public entry of every published package: `[package, entry, its source file]`. */
function publicEntries(): Array<[string, string, string]> {
  const entries: Array<[string, string, string]> = [];
  for (const dir of readdirSync(packagesDir)) {
    const manifest = join(packagesDir, dir, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as {
      name: string;
      exports?: Record<string, unknown>;
    };
    for (const [entry, target] of Object.entries(pkg.exports ?? {})) {
      if (entry === "./package.json" || entry.startsWith("./internal/")) continue;
      const built = JSON.stringify(target).match(/"\.\/dist\/(?:browser\/)?([\w/.-]+?)\.c?js"/);
      if (!built)
        throw new Error(`${pkg.name} ${entry}: no dist file in ${JSON.stringify(target)}`);
      const name = built[1] as string;
      const source = [`src/${name}.ts`, `src/${name}/index.ts`]
        .map((file) => join(packagesDir, dir, file))
        .find(existsSync);
      if (!source) throw new Error(`${pkg.name} ${entry}: no source for dist/${name}.js`);
      entries.push([pkg.name, entry, source]);
    }
  }
  return entries;
}

describe("public entries export no option resolver", () => {
  const entries = publicEntries();

  it("finds the entries of every published package", () => {
    expect(entries.map(([pkg, entry]) => `${pkg} ${entry}`)).toEqual(
      expect.arrayContaining([
        "@braze-subscriptions/client .",
        "@braze-subscriptions/runtime .",
        "@braze-subscriptions/runtime ./redis",
        "@braze-subscriptions/testing .",
        "@braze-subscriptions/testing ./msw",
        "@braze-subscriptions/docs .",
        "@braze-subscriptions/cli .",
      ]),
    );
  });

  it.each(entries)("%s %s", (_pkg, _entry, source) => {
    const code = readFileSync(source, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    expect(code.match(INTERNAL) ?? []).toEqual([]);
  });
});
