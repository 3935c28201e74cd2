import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "generate-client", include: ["test/**/*.test.ts"] },
});
