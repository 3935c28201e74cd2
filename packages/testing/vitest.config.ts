import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "testing",
    // Real servers, processes and tsc runs on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    include: ["test/**/*.test.ts"],
    // Type tests: the public types as an app's code uses them (readonly settings…).
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
