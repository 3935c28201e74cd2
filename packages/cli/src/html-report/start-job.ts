import { instances, type OperationId, operationMetadata } from "@braze-subscriptions/client";
import type { Target } from "@braze-subscriptions/client/internal/option-checks";
import type { NamedFile } from "../files/distinct-files.js";
import type { ResolvedSetOptions } from "../options/set-options.js";
import { createRedactor, redactUrl } from "../redact.js";
import { keptByFailedOnly } from "../report/failed-only.js";
import { describeGroups, type JobGroups } from "../set/job-groups.js";
import { describeCommand } from "./describe-command.js";
import type { JobPair } from "./job-page-data.js";
import { JobRecorder, type JobStart } from "./job-recorder.js";

/** The CLI's name in the command line the page shows. */
const BIN = "braze-subscriptions";

/** What differs between the commands that record a job. */
export interface JobKind {
  /** A label for people: `set`, `set (dry run)`, `verify`. */
  kind: string;
  /** The operation whose budget the job keeps (its `--rate-limit` when given). */
  operation: OperationId;
  /** The input path as given, or the report a `verify --from-report` reads back. */
  input: string;
  /** Whether requests are sent (a dry run sends none, so it has no timeline nor target). */
  sends: boolean;
  /** The job's input, checkpoint and report: the page and the record never overwrite them. */
  protect: ReadonlyArray<NamedFile | undefined>;
  /**
   * The job's groups and states as shown (a multi-group job: its columns), and which go
   * together when a job reads back several pairs.
   */
  groups: { groups: string[]; states: string[]; pairs?: JobPair[] };
  /** What the command's exit codes mean, when not `set`'s (see {@link JobStart.exitMeanings}). */
  exitMeanings?: JobStart["exitMeanings"];
  /** Which rows the report file holds, when not all (`set --failed-only`). */
  reportKeeps?: (line: { outcome: string }) => boolean;
  /** Whether the rows carry their own group and state (see `JobStart.pairsFromLines`). */
  pairsFromLines?: boolean;
}

/**
 * Starts recording a job for its page (`--html`) and its job record (`--report`);
 * `undefined` with neither. `argv` is the command line after the bin's name.
 */
export function startJob(
  options: ResolvedSetOptions,
  kind: JobKind,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): Promise<JobRecorder | undefined> {
  const spec = operationMetadata[kind.operation].rateLimit;
  const secrets = [options.apiKey, env.BRAZE_API_KEY];
  return JobRecorder.start({
    job: {
      command: describeCommand(BIN, argv, secrets),
      kind: kind.kind,
      target: kind.sends ? describeTarget(options.target, secrets) : null,
      groups: kind.groups.groups,
      states: kind.groups.states,
      ...(kind.groups.pairs ? { pairs: kind.groups.pairs } : {}),
      report: options.report ?? null,
      rateLimit: options.rateLimit ?? { limit: spec.limit, intervalMs: spec.intervalMs },
    },
    input: kind.input,
    html: options.html,
    sends: kind.sends,
    protect: kind.protect,
    redact: createRedactor(secrets),
    // The job's reads (a write job's preflight, `--skip-unchanged`) have a budget of their own.
    drawsOnBudget: (operation) =>
      operationMetadata[operation as OperationId]?.rateLimit.bucket === spec.bucket,
    ...(kind.reportKeeps ? { reportKeeps: kind.reportKeeps } : {}),
    ...(kind.pairsFromLines ? { pairsFromLines: true } : {}),
    ...(kind.exitMeanings ? { exitMeanings: kind.exitMeanings } : {}),
  });
}

/** Starts recording a `set` job (or its dry run); see {@link startJob}. */
export function startSetJob(
  options: ResolvedSetOptions,
  groups: JobGroups,
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  protect: ReadonlyArray<NamedFile | undefined>,
): Promise<JobRecorder | undefined> {
  const kind = options.dryRun ? "set (dry run)" : "set";
  const sends = !options.dryRun;
  return startJob(
    options,
    {
      kind,
      operation: groups.kind === "rows" ? "setSubscriptionStatusV2" : "setSubscriptionStatus",
      input: options.input,
      sends,
      protect,
      groups: describeGroups(groups),
      pairsFromLines: groups.kind === "rows",
      // A dry run's report lists every invalid and duplicate row, --failed-only or not.
      ...(options.failedOnly && sends ? { reportKeeps: keptByFailedOnly } : {}),
    },
    argv,
    env,
  );
}

/**
 * `<instance> (<its origin from the spec>)`, or a base URL's origin and path (never its
 * credentials), with `secrets` masked: a proxy may route by the key in the path.
 */
export function describeTarget(
  target: Target | undefined,
  secrets: ReadonlyArray<string | undefined>,
): string | null {
  if (target === undefined) return null;
  if ("instance" in target) return `${target.instance} (${instances[target.instance]})`;
  const url = new URL(target.baseUrl);
  return redactUrl(`${url.origin}${url.pathname === "/" ? "" : url.pathname}`, secrets);
}
