// The docs server of `pnpm run docs` and `pnpm dev`. A server that cannot start (a port in
// use, a bad $PORT) ends the command with one line naming it, never a stack trace.
import { serveDocs } from "@braze-subscriptions/docs";

/**
 * Serves the docs with `options` (see serveDocs), or prints `<command>: <why>` and exits 1.
 * @param {string} command the name printed first, e.g. `dev`
 * @param {import("@braze-subscriptions/docs").ServeDocsOptions} options
 */
export async function startDocsServer(command, options) {
  try {
    return await serveDocs(options);
  } catch (error) {
    const hint =
      error?.cause?.code === "EADDRINUSE"
        ? " (another program holds it: set PORT to another port, or leave PORT unset for a free one)"
        : "";
    console.error(`${command}: ${error.message}${hint}`);
    process.exit(1);
  }
}
