#!/usr/bin/env node
import type { Writable } from "node:stream";
import { tolerateBrokenPipe } from "./broken-pipe.js";
import { ExitCode } from "./exit-codes.js";
import { runCli } from "./run-cli.js";

const stdoutLost = tolerateBrokenPipe(process.stdout);
tolerateBrokenPipe(process.stderr);

// The bin: real process streams, then an explicit exit once output is flushed, so an idle
// keep-alive socket or timer can never keep a finished command running.
let code: number = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
await flushed(process.stdout);
// A failed write's error is emitted on a later tick: let it arrive before looking.
await new Promise((resolve) => setImmediate(resolve));
const lost = stdoutLost();
// Lost stdout (a `--json` summary on a full disk) is a file error (exit 2), unless the command
// already failed with a code of its own, which says more. Lost stderr changes nothing: it holds
// diagnostics, and the exit code already tells a failure.
if (lost !== undefined) {
  process.stderr.write(`braze-subscriptions: cannot write to stdout: ${lost}\n`);
  if (code === ExitCode.ok) code = ExitCode.usage;
}
await flushed(process.stderr);
process.exit(code);

/** Resolves once what was written to `stream` is out (at once when nothing is pending). */
async function flushed(stream: Writable): Promise<void> {
  // An empty write is not free: on /dev/full even zero bytes fail with ENOSPC.
  if (stream.writableLength === 0) return;
  await new Promise<void>((resolve) => stream.write("", () => resolve()));
}
