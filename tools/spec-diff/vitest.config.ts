import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "spec-diff",
    include: ["test/**/*.test.ts"],
    // The check tests create git repositories and run redocly twice each.
    testTimeout: 30_000,
  },
});
