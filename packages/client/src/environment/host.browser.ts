/**
 * The browser and edge build's host: no environment is read (explicit options only), and no
 * `User-Agent` is set (browsers send their own and Chromium ignores one set by a script).
 */

/** Always undefined: browsers and edge runtimes read no environment. */
export function readEnv(_name: string): string | undefined {
  return undefined;
}

/** Always undefined: the browser's own `User-Agent` stays. */
export function runtimeTag(): string | undefined {
  return undefined;
}
