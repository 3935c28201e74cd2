#!/usr/bin/env node
import type { RequestLogEntry } from "../core/request-log.js";
import { startBrazeFake } from "../server/start-braze-fake.js";
import { fakeUsage, parseFakeArgs } from "./parse-fake-args.js";
import { requestLogLine } from "./request-log-line.js";
import { startFailure } from "./start-failure.js";

// `braze-fake`: prints the URL on stdout (alone, so scripts can read it) and serves until
// SIGINT or SIGTERM. Usage errors and bad options exit 2 with the reason on stderr.
async function main(): Promise<void> {
  let command: ReturnType<typeof parseFakeArgs>;
  try {
    command = parseFakeArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`braze-fake: ${(error as Error).message}\n\n${fakeUsage()}`);
    process.exitCode = 2;
    return;
  }
  if (command.help) {
    process.stdout.write(fakeUsage());
    return;
  }
  let fake: Awaited<ReturnType<typeof startBrazeFake>>;
  const options = command.log ? { ...command.options, onRequest: logLine } : command.options;
  try {
    fake = await startBrazeFake(options);
  } catch (error) {
    const usage = startFailure(error);
    process.stderr.write(`braze-fake: ${(usage ?? (error as Error)).message}\n`);
    process.exitCode = usage ? 2 : 1;
    return;
  }
  const stop = (signal: NodeJS.Signals) => {
    process.stderr.write(
      `braze-fake: ${signal}, stopping after ${fake.requests.length} requests\n`,
    );
    fake.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // Printed last: whoever reads the URL may signal right away, and the handlers are in place.
  process.stdout.write(`${fake.url}\n`);
}

function logLine(entry: RequestLogEntry): void {
  process.stderr.write(requestLogLine(entry));
}

void main();
