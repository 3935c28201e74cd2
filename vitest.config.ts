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
    ],
    reporters: ["default", ["json", { outputFile: ".vitest-report.json" }]],
  },
});
