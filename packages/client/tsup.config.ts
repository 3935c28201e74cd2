import { readFileSync } from "node:fs";
import { defineConfig, type Options } from "tsup";

const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
// The User-Agent's version, fixed at build time (no package.json read at run time).
const define = { __PACKAGE_VERSION__: JSON.stringify(version) };

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
    entry: ["src/index.ts"],
    format: ["esm", "cjs"],
    dts: true,
    // The browser build below cleans its own folder; both run at once.
    clean: ["!browser/**"],
    sourcemap: true,
    target: "node20",
    define,
  },
  // The browser/edge build: the same code with a host that reads no environment and sets no
  // User-Agent (the `browser`, `worker`, `edge-light` and `workerd` export conditions).
  {
    entry: { index: "src/index.ts" },
    outDir: "dist/browser",
    format: ["esm"],
    platform: "browser",
    dts: false,
    clean: true,
    sourcemap: true,
    target: "es2022",
    define,
    esbuildPlugins: [browserHost],
  },
]);
