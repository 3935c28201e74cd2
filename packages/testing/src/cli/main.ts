#!/usr/bin/env node
import type { RequestLogEntry } from "../core/request-log.js";
import { startBrazeFake } from "../server/start-braze-fake.js";
import { parseCliArgs, usage } from "./parse-cli-args.js";

// `braze-fake`: prints the URL on stdout (alone, so scripts can read it) and serves until
// SIGINT or SIGTERM. Usage errors and bad options exit 2 with the reason on stderr.
async function main(): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`braze-fake: ${(error as Error).message}\n\n${usage}`);
    process.exitCode = 2;
    return;
  }
  if (command.help) {
    process.stdout.write(usage);
    return;
  }
  let fake: Awaited<ReturnType<typeof startBrazeFake>>;
  const options = command.log ? { ...command.options, onRequest: logLine } : command.options;
  try {
    fake = await startBrazeFake(options);
  } catch (error) {
    process.stderr.write(`braze-fake: ${(error as Error).message}\n`);
    process.exitCode = error instanceof TypeError ? 2 : 1;
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

// One line a request: time, method, path, status, identifier count and fault, never a key.
function logLine(entry: RequestLogEntry): void {
  const fault = entry.fault === undefined ? "" : ` fault=${entry.fault}`;
  process.stderr.write(
    `${new Date(entry.time).toISOString()} ${entry.method} ${entry.path} ${entry.status || "reset"} ids=${entry.identifierCount}${fault}\n`,
  );
}

void main();
