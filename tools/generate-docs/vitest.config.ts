import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "generate-docs", include: ["test/**/*.test.ts"] },
});
