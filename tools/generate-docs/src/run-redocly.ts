import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { RedoclyError } from "./errors.js";

/**
 * The environment redocly runs in: no telemetry, no update check (both would contact
 * Redocly's servers), no colours in the output we may show in an error.
 */
export const REDOCLY_ENV = {
  REDOCLY_TELEMETRY: "off",
  REDOCLY_SUPPRESS_UPDATE_NOTICE: "true",
  NO_COLOR: "1",
} as const;

/** Builds are done in a second or two; a hung process must not hang the build forever. */
const TIMEOUT_MS = 5 * 60 * 1000;

/** The path of the pinned `@redocly/cli`'s executable script. */
export function redoclyCliPath(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("@redocly/cli/package.json")), "bin", "cli.js");
}

/**
 * Runs `redocly <args>` with the current Node and returns what it printed. Throws
 * {@link RedoclyError} with the output when it fails.
 */
export function runRedocly(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [redoclyCliPath(), ...args],
      {
        cwd,
        env: { ...process.env, ...REDOCLY_ENV },
        timeout: TIMEOUT_MS,
        maxBuffer: 16 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (!error) return resolve(output);
        const code = typeof error.code === "number" ? error.code : null;
        reject(new RedoclyError(args[0] ?? "", code, output, { cause: error }));
      },
    );
  });
}
