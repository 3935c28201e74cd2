import { defineConfig } from "tsup";

// ESM and CommonJS builds with their own declaration files, so both kinds of consumer work.
// `splitting` shares one copy of the code both entries use in the CommonJS build too, so
// `instanceof BrazeError` holds for errors thrown by `./redis`.
export default defineConfig({
  entry: ["src/index.ts", "src/redis/index.ts"],
  format: ["esm", "cjs"],
  splitting: true,
  dts: true,
  clean: true,
  sourcemap: true,
  target: "node20",
});
