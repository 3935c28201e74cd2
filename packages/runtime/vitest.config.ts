import { defineProject } from "vitest/config";

/** Measured against the budget of every process together: see vitest.load.config.ts. */
export const loadTests = ["test/redis/multi-process.test.ts"];

export default defineProject({
  test: {
    name: "runtime",
    // Real servers, processes and tsc runs on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    include: ["test/**/*.test.ts"],
    exclude: loadTests,
  },
});
