import { UsageError } from "../errors.js";

/** The optional peer packages, and what needs them. */
export const optionalPeers = {
  /** The Braze fake: `mock` and `demo`. */
  testing: "@braze-subscriptions/testing",
  /** The rendered docs: `docs` and `demo`. */
  docs: "@braze-subscriptions/docs",
} as const;

/**
 * Imports the module of a command that needs an optional peer package (`mock`, `demo` need
 * `@braze-subscriptions/testing`; `docs`, `demo` need `@braze-subscriptions/docs`). They are
 * optional so that `npm install -g @braze-subscriptions/cli` does not pull in the fake and the
 * rendered docs for a plain `set`; a command that needs one that is missing says how to add it.
 */
export async function loadOptional<T>(
  command: string,
  load: () => Promise<T>,
  packages: readonly string[],
): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const message = error instanceof Error ? error.message : "";
    const missing = packages.find((name) => message.includes(`'${name}'`));
    if (code !== "ERR_MODULE_NOT_FOUND" || missing === undefined) throw error;
    throw new UsageError(
      `\`braze-subscriptions ${command}\` needs ${missing}, which is not installed: run \`npm install -g ${missing}\` (or add it beside the CLI)`,
      { cause: error },
    );
  }
}
