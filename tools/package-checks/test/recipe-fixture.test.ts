import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it, onTestFinished } from "vitest";
import type { PackedPackage } from "../src/pack-packages.js";
import { checkRecipe } from "../src/recipe-checks.js";
import { runOrThrow } from "../src/run-process.js";

const fixture = fileURLToPath(new URL("fixtures/broken-package", import.meta.url));

it("reports what publint, arethetypeswrong, the license and the source-map checks find in a broken package", async () => {
  const destination = await mkdtemp(join(tmpdir(), "package-checks-broken-"));
  onTestFinished(() => rm(destination, { recursive: true, force: true }));
  await runOrThrow("npm", ["pack", "--pack-destination", destination, "--loglevel=error"], {
    cwd: fixture,
  });
  const pkg: PackedPackage = {
    name: "broken-package",
    version: "1.0.0",
    dir: fixture,
    manifest: {
      ...(await import("./fixtures/broken-package/package.json", { with: { type: "json" } }))
        .default,
    },
    tarball: join(destination, "broken-package-1.0.0.tgz"),
  };
  const problems = await checkRecipe(pkg);
  // `types` after `require` is never seen by TypeScript; the CommonJS side then has no types.
  expect(problems).toContainEqual(
    expect.objectContaining({ tool: "publint", message: expect.stringMatching(/types/) }),
  );
  expect(problems).toContainEqual({
    tool: "recipe",
    message: 'the tarball has no LICENSE file (package.json says "MIT")',
  });
  expect(problems).toContainEqual({
    tool: "recipe",
    message:
      "dist/index.cjs.map names an absolute source: /home/builder/broken-package/dist/index.cjs",
  });
  expect(problems).toContainEqual({
    tool: "attw",
    message: "FallbackCondition (. under node16-cjs)",
  });
});
