import { defineProject } from "vitest/config";

export default defineProject({
  test: {
    name: "docs",
    include: ["test/**/*.test.ts"],
    // The browser tests drive a real Chromium on a 2-core machine shared with other work.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
