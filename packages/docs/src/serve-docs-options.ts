import { field, optionChecker } from "@braze-subscriptions/option-checks";
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

/** Every option with its check and default. */
const FIELDS = {
  liveReload: field.boolean(false),
  port: field.integer({ min: 0, max: 65535, default: 0 }),
  host: field.text("127.0.0.1"),
  root: field.text(docsDir, "path"),
};

/**
 * Checks the options and applies defaults. A bad value throws a `TypeError` naming the
 * option, what was expected and what was given; so does a name outside them (a typo such as
 * `livereload` would otherwise run with the default).
 */
export function resolveServeDocsOptions(options: ServeDocsOptions = {}): ResolvedServeDocsOptions {
  const check = optionChecker("serveDocs");
  return check.fields(check.options(options, Object.keys(FIELDS)), FIELDS);
}
