import { readFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";
import { relativeSourceMaps } from "./build/relative-source-maps.js";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
// The User-Agent's version, fixed at build time (no package.json read at run time).
const define = { __PACKAGE_VERSION__: JSON.stringify(version) };

// `internal/option-checks` hands the runtime the option checks bundled here (see that file);
// `splitting` puts them in one chunk that both entries import, in every format, so a bundle of
// client + runtime holds one copy.
const entry = { index: "src/index.ts", "internal/option-checks": "src/internal/option-checks.ts" };

const browserHost: NonNullable<Options["esbuildPlugins"]>[number] = {
  name: "browser-host",
  setup(build) {
    build.onResolve({ filter: /\/host\.js$/ }, (args) => ({
      path: new URL(args.path.replace(/host\.js$/, "host.browser.ts"), `file://${args.resolveDir}/`)
        .pathname,
    }));
  },
};

export default defineConfig([
  // ESM and CommonJS builds with their own declaration files, so both kinds of consumer work.
  {
    entry,
    format: ["esm", "cjs"],
    splitting: true,
    // The internal entry's declarations are inlined too: the option-checks package is private.
    dts: { resolve: ["@braze-subscriptions/option-checks"] },
    // The browser build below cleans its own folder; both run at once.
    clean: ["!browser/**"],
    sourcemap: true,
    plugins: [relativeSourceMaps],
    target: "node20",
    define,
  },
  // The browser/edge build: the same code with a host that reads no environment and sets no
  // User-Agent (the `browser`, `worker`, `edge-light` and `workerd` export conditions).
  {
    entry,
    outDir: "dist/browser",
    format: ["esm"],
    splitting: true,
    platform: "browser",
    dts: false,
    clean: true,
    sourcemap: true,
    target: "es2022",
    define,
    esbuildPlugins: [browserHost],
  },
]);
