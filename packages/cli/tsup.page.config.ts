import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { defineConfig } from "tsup";

const uplot = createRequire(import.meta.url)("uplot/package.json") as {
  version: string;
  license: string;
  author: string;
};

// The script of the job page (`--html`), uPlot included, as one minified IIFE and one CSS
// file that `render-page.ts` inlines into every page: a page must open with no network.
// Minifying drops uPlot's licence comment, so the banner carries it into every page.
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
  banner: {
    js: `/*! uPlot ${uplot.version} (${uplot.license} licence) (c) ${uplot.author}: ${licenceLine()} */`,
  },
});

function licenceLine(): string {
  const path = createRequire(import.meta.url).resolve("uplot/LICENSE");
  const text = readFileSync(path, "utf8");
  return (/Copyright[^\n]*/.exec(text)?.[0] ?? "see the uPlot package").replaceAll("*/", "* /");
}
