import type { Readable, Writable } from "node:stream";

/**
 * Where a command reads and writes: the real process streams in the bin, pipes in tests and
 * in the demo. Keeping them explicit is what lets `runCli` run in-process.
 */
export interface CliIo {
  /** Standard output: summaries, JSON, URLs. */
  stdout: Writable & { isTTY?: boolean };
  /** Standard error: progress, warnings, errors. */
  stderr: Writable & { isTTY?: boolean; columns?: number };
  /** Standard input, read when a command is given `-` as its file (and for `set`'s confirmation on a terminal). */
  stdin: Readable & { isTTY?: boolean };
  /** The environment (`BRAZE_API_KEY`, `BRAZE_INSTANCE`, `BRAZE_REST_URL`). */
  env: Readonly<Record<string, string | undefined>>;
}

/** Writes one line (a newline is added). */
export function writeLine(stream: CliIo["stdout"], text: string): void {
  stream.write(`${text}\n`);
}
