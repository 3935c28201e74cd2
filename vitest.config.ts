import { defineConfig } from "vitest/config";

// One vitest run over every package: each package or tool with tests has its own
// vitest.config.ts (a project). The JSON report of the whole run is what `.ci/run` counts.
export default defineConfig({
  test: {
    projects: ["openapi", "packages/*", "tools/*", "examples/*"],
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
    // Tests start real servers, browsers and processes on a 2-core machine.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
