import { defineProject } from "vitest/config";
import { loadTests } from "./vitest.config.js";

// Jobs whose test counts what the fake received per window on the real clock: they run after
// every other file and one at a time, as the runtime's (see its vitest.load.config.ts).
export default defineProject({
  test: {
    name: "cli-load",
    testTimeout: 60_000,
    include: loadTests,
    fileParallelism: false,
    sequence: { groupOrder: 1 },
  },
});
