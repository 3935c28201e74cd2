import { defineConfig } from "tsup";

// ESM and CommonJS builds with their own declaration files, so both kinds of consumer work.
export default defineConfig({
  entry: ["src/index.ts", "src/redis/index.ts"],
  format: ["esm", "cjs"],
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
});
