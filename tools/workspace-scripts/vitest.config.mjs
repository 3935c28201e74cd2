import { defineProject } from "vitest/config";

// The root scripts' own modules (e.g. the spec watcher of `pnpm dev`).
export default defineProject({
  test: { name: "workspace-scripts", include: ["*.test.mjs"] },
});
