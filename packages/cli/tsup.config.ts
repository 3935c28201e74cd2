import { defineConfig } from "tsup";

// ESM only: the package is mainly a bin (Node runs ESM natively), and its small programmatic
// surface (`runCli`, `runDemo`) is imported by ESM scripts. Declarations keep it typed.
export default defineConfig({
  entry: ["src/index.ts", "src/bin.ts"],
  format: ["esm"],
  dts: { entry: "src/index.ts" },
  clean: true,
  sourcemap: true,
  target: "node20",
});
