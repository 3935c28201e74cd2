import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "generate-validators", include: ["test/**/*.test.ts"] },
});
