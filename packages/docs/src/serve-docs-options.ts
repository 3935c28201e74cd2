import { docsDir } from "./docs-paths.js";

/** Options of {@link serveDocs}. */
export interface ServeDocsOptions {
  /**
   * The TCP port to listen on; `0` takes a free one (read the chosen one from `url`).
   * @default 0
   */
  port?: number;
  /**
   * The address to listen on. Keep it on loopback unless the docs should be reachable from
   * other machines.
   * @default "127.0.0.1"
   */
  host?: string;
  /**
   * The folder to serve; it must hold an `index.html`.
   * @default docsDir (this package's built docs)
   */
  root?: string;
  /**
   * Adds a script to HTML pages that reloads them when `reload()` is called on the server
   * (what `pnpm dev` does after regenerating the docs).
   * @default false
   */
  liveReload?: boolean;
}

/** {@link ServeDocsOptions} with every default applied. */
export interface ResolvedServeDocsOptions {
  port: number;
  host: string;
  root: string;
  liveReload: boolean;
}

const MAX_PORT = 65535;

/**
 * Checks the options and applies defaults. A bad value throws a `TypeError` naming the
 * option, what was expected and what was given.
 */
export function resolveServeDocsOptions(options: ServeDocsOptions = {}): ResolvedServeDocsOptions {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`serveDocs: options must be an object, got ${describe(options)}`);
  }
  const { port = 0, host = "127.0.0.1", root = docsDir, liveReload = false } = options;
  if (typeof liveReload !== "boolean") {
    throw new TypeError(
      `serveDocs: option "liveReload" must be a boolean, got ${describe(liveReload)}`,
    );
  }
  if (!Number.isInteger(port) || port < 0 || port > MAX_PORT) {
    throw new TypeError(
      `serveDocs: option "port" must be an integer from 0 to ${MAX_PORT}, got ${describe(port)}`,
    );
  }
  if (typeof host !== "string" || host.trim() === "") {
    throw new TypeError(
      `serveDocs: option "host" must be a non-empty string, got ${describe(host)}`,
    );
  }
  if (typeof root !== "string" || root.trim() === "") {
    throw new TypeError(`serveDocs: option "root" must be a non-empty path, got ${describe(root)}`);
  }
  return { port, host, root, liveReload };
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
