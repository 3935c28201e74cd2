import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "generate-validators",
    include: ["test/**/*.test.ts"],
    // Property tests and tsc runs share 2 cores with every other package's work.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
