/** Which signal stopped a run, if any. */
export type StopSignal = "SIGINT" | "SIGTERM";

/**
 * On the first SIGINT/SIGTERM calls `onStop` (the run stops sending and settles what it has
 * in hand). A second one calls `onQuit`, which must be synchronous (it puts what was decided
 * on disk), then exits at once with 130/143; the checkpoint stays valid because it is only
 * ever appended whole lines. Returns a function that removes the handlers.
 */
export function onStopSignals(
  onStop: (signal: StopSignal) => void,
  onQuit: (signal: StopSignal) => void = () => {},
): () => void {
  let stopping = false;
  const handler = (signal: StopSignal) => {
    if (stopping) {
      try {
        onQuit(signal);
      } finally {
        process.exit(signal === "SIGINT" ? 130 : 143);
      }
    }
    stopping = true;
    onStop(signal);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}
