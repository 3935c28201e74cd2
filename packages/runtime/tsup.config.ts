import { defineConfig, type Options } from "tsup";
import { relativeSourceMaps } from "../client/build/relative-source-maps.js";

// The option checks are a private package that tsup would bundle here as well as into the
// client: the runtime takes the client's copy instead (its `internal/option-checks` entry, which
// re-exports them all), so an app that uses both carries one. The client is a dependency
// released at the same version, so the two stay in step. Declarations still inline the types.
const clientOptionChecks: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "client-option-checks",
  setup(build) {
    build.onResolve({ filter: /^@braze-subscriptions\/option-checks$/ }, () => ({
      path: "@braze-subscriptions/client/internal/option-checks",
      external: true,
    }));
  },
};

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
  plugins: [relativeSourceMaps],
  target: "node20",
  esbuildPlugins: [clientOptionChecks],
});
