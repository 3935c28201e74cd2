import { createBrazeRuntime } from "../../src/index.js";

/**
 * A runtime against `baseUrl` that may run four requests at once but has two slots per 20 s:
 * the first two requests leave, the next ones wait for slots far away. A stop then finds
 * requests waiting for a slot, which it must end at once.
 */
export function runtimeOfTwoSlots(apiKey: string, baseUrl: string) {
  return createBrazeRuntime({
    apiKey,
    baseUrl,
    concurrency: 4,
    rateLimit: { limit: 2, intervalMs: 20_000 },
  });
}
