import { defineProject } from "vitest/config";
import { loadTests } from "./vitest.config.js";

// These files assert what a server counts per window on the real clock (the fake, or Redis's
// grants). The fake timestamps a request when its event loop gets to it, so a CPU shared with
// other test files stalls it and bunches arrivals that the clients spaced correctly. They
// therefore run after every other file (groupOrder) and one at a time, on an otherwise idle
// machine, while the rest of the suite runs several files at once (the root vitest.config.ts).
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
