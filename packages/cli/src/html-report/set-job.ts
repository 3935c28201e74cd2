import { instances, operationMetadata } from "@braze-subscriptions/client";
import type { ResolvedSetOptions, Target } from "../options/set-options.js";
import { describeCommand } from "./describe-command.js";
import { JobRecorder } from "./job-recorder.js";

/** The CLI's name in the command line the page shows. */
const BIN = "braze-subscriptions";

/**
 * Starts recording a `set` job (or its dry run) for its page and job record; `undefined`
 * without `--html` and `--report`. `argv` is the command line after the bin's name.
 */
export function startSetJob(
  options: ResolvedSetOptions,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<JobRecorder | undefined> {
  const spec = operationMetadata.setSubscriptionStatus.rateLimit;
  return JobRecorder.start({
    job: {
      command: describeCommand(BIN, argv, [options.apiKey, env.BRAZE_API_KEY]),
      kind: options.dryRun ? "set (dry run)" : "set",
      target: options.dryRun ? null : describeTarget(options.target),
      groups: [options.subscriptionGroupId],
      states: [options.state],
      report: options.report ?? null,
      rateLimit: options.rateLimit ?? { limit: spec.limit, intervalMs: spec.intervalMs },
    },
    input: options.input,
    html: options.html,
    sends: !options.dryRun,
  });
}

/** `EU-01 (https://rest.fra-01.braze.eu)`, or a base URL's origin (never its credentials). */
export function describeTarget(target: Target | undefined): string | null {
  if (target === undefined) return null;
  if ("instance" in target) return `${target.instance} (${instances[target.instance]})`;
  const url = new URL(target.baseUrl);
  return `${url.origin}${url.pathname === "/" ? "" : url.pathname}`;
}
