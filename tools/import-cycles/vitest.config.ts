import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "import-cycles", include: ["test/**/*.test.ts"], testTimeout: 60_000 },
});
