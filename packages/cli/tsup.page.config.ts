import { defineConfig } from "tsup";

// The script of the job page (`--html`), uPlot included, as one minified IIFE and one CSS
// file that `render-page.ts` inlines into every page: a page must open with no network.
export default defineConfig({
  entry: { page: "src/html-report/page/main.ts" },
  outDir: "dist/report-page",
  format: ["iife"],
  platform: "browser",
  target: "es2020",
  minify: true,
  clean: true,
  sourcemap: false,
  dts: false,
});
