import type {
  BatchResult,
  BrazeRuntime,
  PreflightCheck,
  RefusedGroup,
} from "@braze-subscriptions/runtime";
import type { Checkpoint } from "../checkpoint/checkpoint-file.js";
import { RUNTIME_FIELD } from "../input/identifier-type.js";
import type { ResolvedSetOptions } from "../options/set-options.js";
import type { JobGroups } from "./job-groups.js";
import { type JobInput, rowKey } from "./job-input.js";
import type { SetCounts } from "./set-counts.js";
import { refusedGroupsOf, type StartPassed } from "./start-gate.js";

/** What {@link writeStream} sends, and whom it tells. */
export interface WriteStreamOf {
  runtime: BrazeRuntime;
  options: ResolvedSetOptions;
  groups: JobGroups;
  input: JobInput;
  /** `--skip-unchanged`: the identifiers whose state would change, after the reads. */
  changing: AsyncIterable<string> | undefined;
  checkpoint: Checkpoint | undefined;
  gate: StartPassed;
  /** Aborts at the first stop signal: the runtime stops sending (see `gracefulStop`). */
  stopSignal: AbortSignal;
  counts: SetCounts;
  /** A group the runtime's own preflight read found Braze refuses alone. */
  onRefusedGroup(group: RefusedGroup): void;
}

/**
 * The runtime's write stream of a `set` run: one group's identifiers (or only the changing
 * ones), or a multi-group job's rows, with the run's bounds (`--limit`, `--max-failures`), its
 * checkpoint's skips and the start gate's preflight check.
 */
export function writeStream(of: WriteStreamOf): AsyncIterable<BatchResult> {
  const { options, groups, input, checkpoint, gate } = of;
  const { source } = gate;
  return of.runtime.setStatusStream(
    groups.kind === "rows"
      ? input.rows(groups)
      : {
          subscriptionGroupId: groups.subscriptionGroupId,
          state: groups.state,
          [RUNTIME_FIELD[source.type]]: of.changing ?? input.identifiers(),
          ...(options.doubleOptIn ? { useDoubleOptIn: true } : {}),
        },
    {
      stopSignal: of.stopSignal,
      onProgress: (progress) => of.counts.progress(progress),
      ...(checkpoint
        ? {
            alreadySucceeded: (_type: string, id: string, group: string) =>
              input.skip.has(groups.kind === "rows" ? rowKey(group, id) : id),
          }
        : {}),
      ...(source.estimatedTotal === undefined ? {} : { expectedCount: source.estimatedTotal }),
      // --skip-unchanged: the reads de-duplicated already; one detector is enough.
      ...(of.changing ? { deduplicate: false } : {}),
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      ...(gate.maxFailures === undefined ? {} : { maxFailures: gate.maxFailures }),
      ...(options.preflight ? {} : { preflight: false }),
      ...(gate.check === undefined ? {} : { preflight: gate.check }),
      // Told only of the runtime's own read (the CLI's check is given as is).
      onPreflight: (found: PreflightCheck) => {
        for (const group of refusedGroupsOf(found)) of.onRefusedGroup(group);
      },
    },
  );
}
