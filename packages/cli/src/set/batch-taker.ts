import type { BatchResult } from "@braze-subscriptions/runtime";
import type { Checkpoint } from "../checkpoint/checkpoint-file.js";
import { outcomeToReportLine } from "../commands/outcome-to-report-line.js";
import type { LineMap } from "../input/line-map.js";
import type { ReportLine } from "../report/report-line.js";
import { type JobInput, rowKey } from "./job-input.js";

/** What {@link batchTaker} hands each outcome to. */
export interface BatchTakerOf {
  input: JobInput;
  /** The input line of each identifier the writes were given (after --skip-unchanged's reads). */
  writeLines: LineMap;
  checkpoint: Checkpoint | undefined;
  /** Requests at most in the runtime's window: the kill bound's unit. */
  concurrency: number;
  /** Counts a report line and writes it (the report, the job page). */
  record(line: ReportLine): Promise<void>;
  /** Called once a batch is taken (progress). */
  taken(): void;
}

/**
 * Takes each batch of outcomes the runtime yields: a report line per outcome, its line saved
 * in the checkpoint when it succeeded, and the checkpoint synced before more is sent once
 * enough successes wait for the disk (the kill bound below).
 */
export function batchTaker(of: BatchTakerOf): (batch: BatchResult) => Promise<void> {
  const { input, writeLines, checkpoint } = of;
  return async (batch) => {
    const succeededLines: number[] = [];
    try {
      for (const outcome of batch.outcomes) {
        const line = writeLines.lineOf(outcome.index) ?? 0;
        if (outcome.outcome === "succeeded" && !outcome.skipped) succeededLines.push(line);
        const target = input.rowTargets.get(outcome.index);
        input.rowTargets.delete(outcome.index);
        // A row naming no identifier (id null) was never put in the window.
        if (checkpoint?.done.has(line) && outcome.id !== null)
          input.skip.release(target ? rowKey(target.group, outcome.id) : outcome.id);
        await of.record(outcomeToReportLine(outcome, line, target));
      }
    } finally {
      // Saved even when the report cannot take their lines (a full disk): no resend.
      checkpoint?.record(succeededLines);
    }
    // The kill bound: successes not yet synced are sent again after a SIGKILL. At most
    // `concurrency` requests are on the wire or answered but not handed over yet (the
    // runtime's window); past as many more waiting for the checkpoint's fdatasync, results
    // are not taken (so no request is sent) until they are durable. At most
    // 2 × concurrency requests' identifiers can be resent, however slow the disk.
    if (checkpoint && checkpoint.unsynced >= of.concurrency) await checkpoint.flush();
    of.taken();
  };
}
