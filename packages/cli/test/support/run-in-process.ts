import { PassThrough, type Readable } from "node:stream";
import { runCli } from "../../src/run-cli.js";

/** An input that has ended at once: the CLI reads nothing from it. */
function endedStdin(): Readable {
  const stdin = new PassThrough();
  stdin.end();
  return stdin;
}

/**
 * Runs the CLI in this process, as an embedder would, with `env` as its `io.env` and `stdin`
 * as its `io.stdin` (one that has ended, by default); resolves with the exit code and what it
 * wrote to stderr. Its stdout is read and dropped, so that a full pipe never holds it up.
 */
export async function runInProcess(
  argv: string[],
  env: Record<string, string>,
  stdin: Readable = endedStdin(),
): Promise<{ code: number; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let err = "";
  stderr.setEncoding("utf8").on("data", (chunk: string) => {
    err += chunk;
  });
  stdout.resume();
  const code = await runCli(argv, { stdout, stderr, stdin, env });
  return { code, stderr: err };
}
