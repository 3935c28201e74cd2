import { defineConfig } from "tsup";

// ESM and CommonJS builds with their own declaration files, so both kinds of consumer work.
// `msw` is its own entry so that `startBrazeFake` users never need msw installed. The bin's
// hashbang comes from the first line of src/cli/main.ts (esbuild keeps it).
export default defineConfig({
  entry: { index: "src/index.ts", msw: "src/msw/index.ts", cli: "src/cli/main.ts" },
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
});
