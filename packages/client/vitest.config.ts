import { readFileSync } from "node:fs";
import { defineProject } from "vitest/config";

const { version } = JSON.parse(readFileSync(new URL("package.json", import.meta.url), "utf8"));

export default defineProject({
  // What tsup defines at build time, for tests that import src/.
  define: { __PACKAGE_VERSION__: JSON.stringify(version) },
  test: {
    name: "client",
    // Real servers, processes and tsc runs on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    include: ["test/**/*.test.ts"],
    // Type tests: `@ts-expect-error` lines fail the run if the generated types get looser.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
