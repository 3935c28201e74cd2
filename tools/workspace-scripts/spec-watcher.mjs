// The spec watcher of `pnpm dev`. chokidar rather than `fs.watch(dir, { recursive: true })`:
// on Linux, Node 20's recursive watch reported nothing more for a file once an editor saved it
// by writing a new file and renaming it over the old one (`sed -i`, "safe write"), so every
// later edit of that file went unbuilt.
import { watch } from "chokidar";

/**
 * Calls `onChange` with the path of each file added, changed or removed under `dir`, except
 * the build's own output (`dist/`) and `node_modules/`. Resolves once the watcher is ready;
 * `close()` stops it.
 *
 * @param {string} dir
 * @param {(path: string) => void} onChange
 * @returns {Promise<{ close(): Promise<void> }>}
 */
export async function watchSpec(dir, onChange) {
  const watcher = watch(dir, {
    ignored: (path) => /[\\/](dist|node_modules)([\\/]|$)/.test(path),
    ignoreInitial: true,
  });
  for (const event of ["add", "change", "unlink"]) watcher.on(event, onChange);
  await new Promise((resolve) => watcher.once("ready", resolve));
  return { close: () => watcher.close() };
}
