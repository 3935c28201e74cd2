import { operationMetadata } from "@braze-subscriptions/client";

/** The other path of the set bucket: another service of the workspace, told apart in the log. */
export const FOREIGN_PATH = operationMetadata.setSubscriptionStatusV2.path;

/** One write of another service of the workspace to `FOREIGN_PATH` of the fake at `url`. */
export async function sendForeignRequest(url: string, apiKey: string): Promise<void> {
  const response = await fetch(`${url}${FOREIGN_PATH}`, {
    method: "POST",
    headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
    body: JSON.stringify({
      subscription_group_id: "foreign",
      subscription_state: "subscribed",
      external_id: ["foreign"],
    }),
  });
  await response.arrayBuffer();
}

/**
 * Another service of the same workspace, as a real client: it sends `perWindow` requests per
 * fixed window of `intervalMs` to `FOREIGN_PATH` of the fake, on the bucket the job under test
 * uses, until `stop()` is called; then resolves once its last answer came. `spacing` "even"
 * (the default) spreads them over the window; "burst" sends them all at once as it opens (a
 * cron job's batch), `burstDelayMs` after its start.
 */
export function startForeignClient(options: {
  url: string;
  apiKey: string;
  perWindow: number;
  intervalMs: number;
  spacing?: "even" | "burst";
  burstDelayMs?: number;
}): { stop: () => Promise<void> } {
  const { url, apiKey, perWindow, intervalMs } = options;
  const burst = options.spacing === "burst";
  let stopped = false;
  const sleepUntil = (at: number) =>
    new Promise((resolve) => setTimeout(resolve, Math.max(0, at - Date.now())));
  const send = () => sendForeignRequest(url, apiKey);
  const running = (async () => {
    let last = Number.NEGATIVE_INFINITY;
    while (!stopped) {
      // Never the same window twice: a timer runs on the monotonic clock, and may wake a
      // millisecond before the next window by Date.now(), which sent two batches into one.
      const start = Math.max(Math.floor(Date.now() / intervalMs) * intervalMs, last + intervalMs);
      last = start;
      if (burst) {
        await sleepUntil(start + (options.burstDelayMs ?? 0));
        if (!stopped) await Promise.all(Array.from({ length: perWindow }, send));
        await sleepUntil(start + intervalMs);
        continue;
      }
      for (let i = 0; i < perWindow && !stopped; i++) {
        await sleepUntil(start + ((i + 0.5) * intervalMs) / perWindow);
        if (!stopped) await send();
      }
      await sleepUntil(start + intervalMs);
    }
  })();
  return {
    stop: () => {
      stopped = true;
      return running;
    },
  };
}
