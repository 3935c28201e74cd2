import type { JobFiles } from "../commands/job-files.js";
import { verifyExitCodeMeanings } from "../exit-codes.js";
import type { JobRecorder } from "../html-report/job-recorder.js";
import { startJob } from "../html-report/start-job.js";
import type { ResolvedVerifyOptions } from "./verify-options.js";
import type { VerifySource } from "./verify-source.js";

/**
 * The job record and page of a `verify` run (`--html`): its groups and states, and for a job
 * of several pairs each pair with its line count. `undefined` without `--html`.
 */
export function startVerifyJob(
  options: ResolvedVerifyOptions,
  source: VerifySource,
  files: JobFiles,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<JobRecorder | undefined> {
  const { pairs } = source;
  return startJob(
    options,
    {
      kind: "verify",
      operation: "getSubscriptionStatus",
      exitMeanings: verifyExitCodeMeanings,
      input: options.fromReport ?? options.input,
      sends: true,
      protect: [files.input, files.inputRecord, files.report],
      groups: {
        groups: distinct(pairs.map((pair) => pair.subscriptionGroupId)),
        states: distinct(pairs.map((pair) => pair.state)),
        ...(source.each
          ? {
              pairs: pairs.map((pair) => ({
                group: pair.subscriptionGroupId,
                state: pair.state,
                lines: pair.lines ?? 0,
              })),
            }
          : {}),
      },
    },
    argv,
    env,
  );
}

/** Values once each, in first-seen order. */
function distinct(values: readonly string[]): string[] {
  return [...new Set(values)];
}
