import { defineConfig } from "tsup";

// ESM only: the package is mainly a bin (Node runs ESM natively), and its small programmatic
// surface (`runCli`, `runDemo`) is imported by ESM scripts. Declarations keep it typed.
export default defineConfig({
  entry: ["src/index.ts", "src/bin.ts"],
  format: ["esm"],
  // The option checks' types are inlined too: the option-checks package is private (bundled),
  // and a declaration importing it broke every consumer's type check.
  dts: { entry: "src/index.ts", resolve: ["@braze-subscriptions/option-checks"] },
  clean: true,
  sourcemap: true,
  target: "node20",
  // csv-stringify (CSV reports) is bundled: the ~30 kB used, rather than a 26th package and
  // 1 MB (browser builds included) in `npm install -g`, over the install-weight budget.
  noExternal: ["csv-stringify"],
});
