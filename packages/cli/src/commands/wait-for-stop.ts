import type { StopSignal } from "../stop-signals.js";

/** Resolves with the first SIGINT or SIGTERM (for commands that serve until stopped). */
export function waitForStop(): Promise<StopSignal> {
  return new Promise((resolve) => {
    const stop = (signal: StopSignal) => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
