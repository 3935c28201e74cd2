import { createBrazeRuntime } from "../../src/index.js";
import type { ScriptedServer } from "./scripted-server.js";

/**
 * A runtime of one slot (`concurrency: 1`) against `server`, which must never answer: a job's
 * write is on the wire there and holds the slot, so the next call waits for it. For the tests
 * of what ends that wait (a call's own signal, a stop). `release()` aborts the holding job and
 * waits until it has ended, which frees the slot.
 */
export async function runtimeWithItsSlotHeld(
  server: ScriptedServer,
  apiKey: string,
): Promise<{ braze: ReturnType<typeof createBrazeRuntime>; release: () => Promise<void> }> {
  const braze = createBrazeRuntime({ apiKey, baseUrl: server.url, concurrency: 1 });
  const holder = new AbortController();
  const holding = braze.setStatus(
    { subscriptionGroupId: "g", state: "subscribed", externalIds: ["a"] },
    { signal: holder.signal, preflight: false },
  );
  // The slot is taken once the holder's write has arrived.
  while (server.seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  return {
    braze,
    release: async () => {
      holder.abort();
      await holding.catch(() => undefined);
    },
  };
}
