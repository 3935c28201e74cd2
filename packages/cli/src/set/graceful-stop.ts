import type { Checkpoint } from "../checkpoint/checkpoint-file.js";
import type { ReportWriter } from "../report/report-writer.js";
import { onStopSignals, type StopSignal } from "../stop-signals.js";

/** A `set` run's answer to SIGINT/SIGTERM (see {@link gracefulStop}). */
export interface GracefulStop {
  /** Aborts at the first signal: the runtime's `stopSignal`. */
  signal: AbortSignal;
  /** The signal that stopped the run, if one did. */
  stoppedBy(): StopSignal | undefined;
  /** Removes the handlers: once the checkpoint and report are closed. */
  dispose(): void;
}

/** What {@link gracefulStop} tells and saves. */
export interface GracefulStopOf {
  /** Prints a line above the progress display. */
  log(line: string): void;
  /** Stops timers that would keep the process alive (the store-wait notice). */
  stopTimers(): void;
  report: ReportWriter | undefined;
  checkpoint: Checkpoint | undefined;
  /** Rows decided so far (for the second signal's line). */
  decided(): number;
}

/**
 * A first signal is a graceful stop, not an abort: an aborted request may already have been
 * applied by Braze without us seeing the answer. The runtime stops reading, drops requests
 * not sent yet (waiting for a slot, for Redis, or in a retry's backoff: reported `aborted`,
 * not checkpointed, so the rerun sends them) and awaits the answers of those on the wire.
 * A second signal quits at once, after putting every row decided so far on disk.
 */
export function gracefulStop(of: GracefulStopOf): GracefulStop {
  const { report, checkpoint } = of;
  let stoppedBy: StopSignal | undefined;
  const stop = new AbortController();
  const dispose = onStopSignals(
    (signal) => {
      stoppedBy = signal;
      of.log(
        `${signal}: stopping; requests not sent yet are dropped (the rerun sends them), answers to requests already sent are awaited${checkpoint ? ", then the checkpoint is saved" : ""} (repeat to quit at once)`,
      );
      stop.abort();
    },
    (signal) => {
      of.stopTimers();
      report?.flushSync();
      checkpoint?.flushSync();
      of.log(
        `${signal} again: quitting at once${report ? `; the report holds the ${of.decided()} rows decided so far` : ""}; rerun the same command to resume`,
      );
    },
  );
  return { signal: stop.signal, stoppedBy: () => stoppedBy, dispose };
}
