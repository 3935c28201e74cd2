import { defineProject } from "vitest/config";

export default defineProject({
  test: { name: "example-opentelemetry", include: ["test/**/*.test.js"], testTimeout: 60_000 },
});
