import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "package-checks",
    include: ["test/**/*.test.ts"],
    // Packs every published package once for all test files (see test/support/global-setup.ts).
    globalSetup: ["test/support/global-setup.ts"],
    // These tests pack, install with npm, run tsc and start a registry on a 2-core machine.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
