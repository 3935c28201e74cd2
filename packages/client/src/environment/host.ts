/**
 * What the host offers: its environment variables and its name/version for the `User-Agent`.
 * This is the Node build's copy; the browser build (`dist/browser/`, picked by the `browser`,
 * `worker`, `edge-light` and `workerd` export conditions) swaps in `host.browser.ts`, which
 * reads nothing, so a bundle for a page or an edge function never looks for an API key in a
 * polyfilled `process.env`.
 */

/** The value of an environment variable, or undefined when it is unset or blank. */
export function readEnv(name: string): string | undefined {
  const value = globalThis.process?.env?.[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

/** `node/20.19.0`, `bun/1.2.0` or `deno/2.1.0`: the runtime part of the `User-Agent`. */
export function runtimeTag(): string | undefined {
  const host = globalThis as { Bun?: { version: string }; Deno?: { version: { deno: string } } };
  if (host.Bun) return `bun/${host.Bun.version}`;
  if (host.Deno) return `deno/${host.Deno.version.deno}`;
  const node = globalThis.process?.versions?.node;
  return node === undefined ? undefined : `node/${node}`;
}
