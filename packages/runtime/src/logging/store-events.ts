import type { Clock } from "../clock.js";
import { redact } from "../errors/redact.js";
import type { BucketLimiterConfig } from "../limiter/bucket-limiter.js";
import { callHook, type Hooks, type Logger } from "../telemetry.js";

/**
 * What the runtime does when its rate-limit store stops and starts answering (Redis down):
 * logs it (the store's error without the API key) and tells the `onLimiterStore…` hooks.
 */
export function limiterStoreEvents(
  hooks: Pick<Hooks, "onLimiterStoreUnavailable" | "onLimiterStoreRecovered">,
  clock: Clock,
  logger: Logger | undefined,
  apiKey: string,
): Pick<BucketLimiterConfig, "onStoreUnavailable" | "onStoreRecovered"> {
  return {
    onStoreUnavailable: (sinceEpochMs, error) => {
      const message = redact(error instanceof Error ? error.message : String(error), apiKey);
      logger?.error("rate-limit store unavailable; no request leaves until it answers", {
        error: message,
      });
      callHook(hooks.onLimiterStoreUnavailable, { sinceEpochMs, message }, logger);
    },
    onStoreRecovered: (sinceEpochMs) => {
      const unavailableMs = clock.now() - sinceEpochMs;
      logger?.info("rate-limit store answers again; resuming", { unavailableMs });
      callHook(hooks.onLimiterStoreRecovered, { sinceEpochMs, unavailableMs }, logger);
    },
  };
}
