import { callHook, type Hooks, type Logger } from "../telemetry.js";
import type { OnSystematicFailure } from "./circuits.js";

/**
 * How the runtime tells of a systematic failure (every request of a group gets the same
 * refusal): a warning, and the `onSystematicFailure` hook, for a bulk job it stopped and for
 * a group whose per-event calls it refuses for `cooldownMs`.
 */
export function systematicFailureReports(
  hook: Hooks["onSystematicFailure"],
  logger: Logger | undefined,
  cooldownMs: number,
): { bulk: OnSystematicFailure; perEvent: OnSystematicFailure } {
  return {
    bulk: (subscriptionGroupId, failure) => {
      const why =
        failure.error.code === "rate_limiter_unavailable"
          ? "the rate-limit store refused for good"
          : "every request gets the same refusal";
      logger?.warn(`stopped a job: ${why}`, {
        subscriptionGroupId,
        rule: failure.rule,
        status: failure.error.status,
        message: failure.error.message,
      });
      callHook(hook, { source: "bulk", subscriptionGroupId, ...failure }, logger);
    },
    perEvent: (subscriptionGroupId, failure) => {
      logger?.warn(
        "refusing a group's per-event calls for a while: its requests keep getting the same refusal",
        {
          subscriptionGroupId,
          rule: failure.rule,
          status: failure.error.status,
          message: failure.error.message,
          cooldownMs,
        },
      );
      callHook(hook, { source: "per_event", subscriptionGroupId, ...failure }, logger);
    },
  };
}
