/** Which signal stopped a run, if any. */
export type StopSignal = "SIGINT" | "SIGTERM";

/**
 * On the first SIGINT/SIGTERM calls `onStop` (the run stops sending and waits for in-flight
 * requests); a second one exits at once, which is still safe because the checkpoint is only
 * ever appended whole lines. Returns a function that removes the handlers.
 */
export function onStopSignals(onStop: (signal: StopSignal) => void): () => void {
  let stopping = false;
  const handler = (signal: StopSignal) => {
    if (stopping) process.exit(signal === "SIGINT" ? 130 : 143);
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
