import { defineConfig } from "tsup";

// ESM and CommonJS builds with their own declaration files. `shims` gives the CommonJS build
// an `import.meta.url`, which is how the module finds the page next to it. The page itself is
// written into dist/ by generate-docs after tsup (see the `build` script).
export default defineConfig({
  entry: ["src/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  shims: true,
  sourcemap: true,
  target: "node20",
});
