import { defineProject } from "vitest/config";

/**
 * Tests that count, on the real clock, what a server receives per window: they run alone
 * after every other file (see vitest.load.config.ts).
 */
export const loadTests = [
  "test/redis/multi-process.test.ts",
  "test/redis/redis-limiter-store.test.ts",
  "test/budget-against-fake.test.ts",
  // Its spec-copy test counts a sliding window's arrivals: under load (three files at once, a
  // load average of 7) a fifth read came in the fourth's second and was refused.
  "test/get-status.test.ts",
];

export default defineProject({
  test: {
    name: "runtime",
    // Real servers, processes and tsc runs on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    include: ["test/**/*.test.ts"],
    exclude: loadTests,
    // Type tests: what the README says a strict TypeScript user can write compiles.
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
