/**
 * Lets up to `count` listeners wait on `signal` without Node's MaxListenersExceededWarning
 * (every in-flight request listens on the stream's signal).
 *
 * `node:events` is reached through `process.getBuiltinModule` (Node 20.16+) rather than an
 * import, so the runtime still bundles for browsers, where there is no such limit to raise.
 */
export function raiseListenerLimit(count: number, signal: AbortSignal): void {
  const nodeProcess = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } })
    .process;
  const events = nodeProcess?.getBuiltinModule?.("node:events") as
    | typeof import("node:events")
    | undefined;
  events?.setMaxListeners(count, signal);
}
