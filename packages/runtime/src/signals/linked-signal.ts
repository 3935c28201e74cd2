/**
 * A short-lived signal that aborts when `parent` does, detached again by `release()`.
 * Long-lived signals (one per bulk call) must not collect a listener per request: Node keeps
 * such listeners until garbage collection, and every `addEventListener` scans them, which made
 * requests slower and slower in a long call.
 */
export function linkedSignal(parent: AbortSignal | undefined): {
  controller: AbortController;
  signal: AbortSignal;
  release: () => void;
} {
  const controller = new AbortController();
  if (!parent) return { controller, signal: controller.signal, release: () => {} };
  if (parent.aborted) {
    controller.abort(parent.reason);
    return { controller, signal: controller.signal, release: () => {} };
  }
  const onAbort = () => controller.abort(parent.reason);
  parent.addEventListener("abort", onAbort, { once: true });
  return {
    controller,
    signal: controller.signal,
    release: () => parent.removeEventListener("abort", onAbort),
  };
}
