import { defineProject } from "vitest/config";

/**
 * Tests that count, on the real clock, what the fake receives per window: they run alone
 * after every other file (see vitest.load.config.ts).
 */
export const loadTests = [
  "test/set-share.e2e.test.ts",
  "test/set-rate-limit-ceiling.e2e.test.ts",
  "test/set-redis-killed-process.e2e.test.ts",
];

export default defineProject({
  test: {
    name: "cli",
    include: ["test/**/*.test.ts"],
    exclude: loadTests,
    // End-to-end tests run the built bin as a child process against the Braze fake.
    testTimeout: 60_000,
  },
});
