import type { StopSignal } from "../stop-signals.js";

/**
 * Resolves with the first SIGINT or SIGTERM (for commands that serve until stopped). Call it
 * before printing the URL: a script may signal as soon as it has read it, and Node's default
 * for a signal nobody listens to is to die of it (the first write to stderr alone takes long
 * enough for that: `mock` stopped at once ended killed by SIGTERM, not with exit 0).
 */
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
