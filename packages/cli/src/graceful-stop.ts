import { onStopSignals, type StopSignal } from "./stop-signals.js";

/** A run's answer to SIGINT/SIGTERM (see {@link gracefulStop}). */
export interface GracefulStop {
  /** Aborts at the first signal: the runtime's `stopSignal` or the reader's `stop`. */
  signal: AbortSignal;
  /** The signal that stopped the run, if one did. */
  stoppedBy(): StopSignal | undefined;
  /** Removes the handlers: once the run's files are closed. */
  dispose(): void;
}

/** What {@link gracefulStop} says and saves. */
export interface GracefulStopOf {
  /** Prints a line above the progress display. */
  log(line: string): void;
  /** The first signal's line: what stops, and what is awaited. */
  stopping(signal: StopSignal): string;
  /** Puts every line decided so far on disk, and gives the second signal's line. */
  quitting(signal: StopSignal): string;
}

/**
 * A first signal is a graceful stop, not an abort: a request already sent may be applied (a
 * write) or paid for (a read, on the workspace's shared budget) without us seeing the answer,
 * so the run stops sending and awaits the answers of those on the wire. A second signal quits
 * at once, after `quitting` has put every line decided so far on disk.
 */
export function gracefulStop(of: GracefulStopOf): GracefulStop {
  let stoppedBy: StopSignal | undefined;
  const stop = new AbortController();
  const dispose = onStopSignals(
    (signal) => {
      stoppedBy = signal;
      of.log(of.stopping(signal));
      stop.abort();
    },
    (signal) => of.log(of.quitting(signal)),
  );
  return { signal: stop.signal, stoppedBy: () => stoppedBy, dispose };
}
