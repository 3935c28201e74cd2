#!/usr/bin/env node
import { tolerateBrokenPipe } from "./broken-pipe.js";
import { runCli } from "./run-cli.js";

tolerateBrokenPipe(process.stdout);
tolerateBrokenPipe(process.stderr);

// The bin: real process streams, then an explicit exit once output is flushed, so an idle
// keep-alive socket or timer can never keep a finished command running.
const code = await runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
});
await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
await new Promise<void>((resolve) => process.stderr.write("", () => resolve()));
process.exit(code);
