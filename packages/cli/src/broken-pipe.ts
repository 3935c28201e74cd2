import type { Writable } from "node:stream";
import { describeFsError } from "./files/fs-error.js";

/**
 * Lets the bin's output streams outlive their reader: when stdout or stderr is a pipe whose
 * reader has gone (`braze-subscriptions --help | head -1`), Node emits `EPIPE` as an
 * unhandled `error` and crashes with a stack trace. Here the rest of that stream's output is
 * dropped quietly instead, and the command ends as it would have, with its own exit code: a
 * job whose log reader died is not stopped half-way (its report and checkpoint are files).
 *
 * Any other write error (stdout redirected to a full disk: `ENOSPC`, `EIO`) is not the
 * reader's choice but lost output: it used to crash with a stack trace too. It is kept, the
 * rest of the stream's output dropped, and the returned function gives it to the bin, which
 * says so in one line and does not exit 0 (a script would take a lost `--json` summary for a
 * success).
 */
export function tolerateBrokenPipe(stream: Writable): () => string | undefined {
  let lost: string | undefined;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") return;
    lost ??= describeFsError(error);
  });
  return () => lost;
}
