// `pnpm dev`, for people who edit the spec: builds the spec, the client's types, the validators
// and the docs; serves the docs on 127.0.0.1 with live reload; and on every change under
// openapi/ rebuilds them (turbo: only what changed) and reloads the open pages. A broken spec
// prints the build's output and keeps serving the last good docs. $PORT picks the port.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { watchSpec } from "./spec-watcher.mjs";
import { startDocsServer } from "./start-docs-server.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const specDir = fileURLToPath(new URL("../../openapi/", import.meta.url));
const targets = ["client", "validators", "docs"].map(
  (name) => `--filter=@braze-subscriptions/${name}`,
);

/** Runs the turbo build of the spec's outputs; resolves with its exit code. */
function build() {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn("turbo", ["run", "build", ...targets, "--output-logs=errors-only"], {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
    });
    child.once("exit", (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      console.log(
        code === 0
          ? `dev: rebuilt in ${seconds} s`
          : `dev: build failed (exit ${code}); still serving the last good docs`,
      );
      resolve(code ?? 1);
    });
  });
}

const port = process.env.PORT === undefined ? 0 : Number(process.env.PORT);
if ((await build()) !== 0) process.exit(1);
const server = await startDocsServer("dev", { port, liveReload: true });
console.log(
  `dev: docs at ${server.url}, reloading on every change under openapi/ (Ctrl-C to stop)`,
);

// Changes arrive in bursts (an editor's save writes several files): build once per burst, and
// once more if something changed while a build ran.
let timer;
let building = false;
let again = false;
async function rebuild() {
  if (building) {
    again = true;
    return;
  }
  building = true;
  do {
    again = false;
    if ((await build()) === 0) console.log(`dev: reloaded ${server.reload()} page(s)`);
  } while (again);
  building = false;
}
// The bundle the build writes (dist/) is an output, not an edit: the watcher leaves it out.
await watchSpec(specDir, () => {
  clearTimeout(timer);
  timer = setTimeout(rebuild, 200);
});

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, async () => {
    await server.close();
    process.exit(0);
  });
}
