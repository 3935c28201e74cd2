import type { Writable } from "node:stream";

/**
 * Lets the bin's output streams outlive their reader: when stdout or stderr is a pipe whose
 * reader has gone (`braze-subscriptions --help | head -1`), Node emits `EPIPE` as an
 * unhandled `error` and crashes with a stack trace. Here the rest of that stream's output is
 * dropped quietly instead, and the command ends as it would have, with its own exit code: a
 * job whose log reader died is not stopped half-way (its report and checkpoint are files).
 * Any other stream error is still thrown.
 */
export function tolerateBrokenPipe(stream: Writable): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
    throw error;
  });
}
