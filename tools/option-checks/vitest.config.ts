import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "option-checks", include: ["test/**/*.test.ts"], testTimeout: 30_000 },
});
