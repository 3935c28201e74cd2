import { defineConfig } from "vitest/config";

// One vitest run over every package: each package or tool with tests has its own
// vitest.config.ts (a project). examples/ are consumer projects that tools/package-checks
// drives. The JSON report of the whole run is what `.ci/run` counts.
export default defineConfig({
  test: {
    projects: [
      "openapi",
      "packages/*",
      "tools/*",
      "examples/opentelemetry",
      "packages/runtime/vitest.load.config.ts",
      "packages/cli/vitest.load.config.ts",
    ],
    // Most files wait on servers, child processes, npm and Chromium rather than compute, so
    // three run at once even on two cores (vitest's default there is one: the suite took
    // 806 s of wall time for 683 s of test files, 448 s with three). Files that count what a
    // server receives per window on the real clock run alone afterwards (the `*-load`
    // projects); those that share a directory prepare it once in their global setup.
    maxWorkers: 3,
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
  },
});
