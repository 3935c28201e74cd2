import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "cli",
    include: ["test/**/*.test.ts"],
    // End-to-end tests run the built bin as a child process against the Braze fake.
    testTimeout: 60_000,
  },
});
