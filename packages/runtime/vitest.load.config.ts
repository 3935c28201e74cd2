import { defineProject } from "vitest/config";
import { loadTests } from "./vitest.config.js";

// The multi-process test asserts what the fake counts per sliding window. The fake timestamps a
// request when its event loop gets to it, so a CPU shared with other test files stalls the
// fake and bunches arrivals that the clients spaced correctly. These files therefore run after
// every other project (groupOrder) and one at a time, on an otherwise idle machine.
export default defineProject({
  test: {
    name: "runtime-load",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    include: loadTests,
    fileParallelism: false,
    sequence: { groupOrder: 1 },
  },
});
