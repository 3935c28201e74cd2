import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "generate-docs",
    include: ["test/**/*.test.ts"],
    // generateDocs and lint run redocly as a child process on a busy 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
