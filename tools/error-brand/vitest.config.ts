import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "error-brand", include: ["test/**/*.test.ts"], testTimeout: 30_000 },
});
