import { defineProject } from "vitest/config";

export default defineProject({
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
