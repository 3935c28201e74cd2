import { runtimeTag } from "./environment/host.js";

// Replaced by the package.json version when tsup (or vitest) builds this file.
declare const __PACKAGE_VERSION__: string;

/** The package version this build came from. */
export const packageVersion: string = __PACKAGE_VERSION__;

/**
 * `braze-subscriptions/<version> (<runtime>/<version>)`, followed by `extra` (an app's own
 * product token, as AWS's `customUserAgent` appends one). Undefined in the browser build,
 * where the browser's own `User-Agent` stays.
 */
export function defaultUserAgent(extra: string | undefined): string | undefined {
  const runtime = runtimeTag();
  if (runtime === undefined) return undefined;
  const base = `braze-subscriptions/${packageVersion} (${runtime})`;
  return extra === undefined ? base : `${base} ${extra}`;
}
