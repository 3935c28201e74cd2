import {
  CliUsageError,
  fakeUsage,
  parseFakeArgs,
  requestLogLine,
  startBrazeFake,
  startFailure,
} from "@braze-subscriptions/testing";
import { UsageError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { type CliIo, writeLine } from "../io.js";
import { waitForStop } from "./wait-for-stop.js";

/**
 * `braze-subscriptions mock`: runs the local Braze fake until SIGINT/SIGTERM. Its flags are the
 * `braze-fake` bin's, read by the fake's own parser (`parseFakeArgs`), so the two never drift.
 * The URL is the first line on stdout, alone, so scripts can read it.
 * @param args the command line after `mock`.
 * @param helpSections the examples and exit codes `--help` adds after the fake's flags.
 */
export async function runMock(
  args: readonly string[],
  io: CliIo,
  helpSections: string,
): Promise<ExitCodeValue> {
  let command: ReturnType<typeof parseFakeArgs>;
  try {
    command = parseFakeArgs(args);
  } catch (error) {
    if (error instanceof CliUsageError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
  if (command.help) {
    io.stdout.write(`${fakeUsage("braze-subscriptions mock")}${helpSections}`);
    return ExitCode.ok;
  }
  let fake: Awaited<ReturnType<typeof startBrazeFake>>;
  try {
    fake = await startBrazeFake(
      command.log
        ? { ...command.options, onRequest: (entry) => io.stderr.write(requestLogLine(entry)) }
        : command.options,
    );
  } catch (error) {
    // Bad option values and a busy port are the user's to fix, worded as braze-fake words them.
    const usage = startFailure(error);
    if (usage) throw new UsageError(usage.message, { cause: error });
    throw error;
  }
  // Listening for the signals before the URL is out (see waitForStop).
  const stopped = waitForStop();
  writeLine(io.stdout, fake.url);
  io.stderr.write(
    `Braze fake listening on ${fake.url} (POST /subscription/status/set); Ctrl-C to stop\n`,
  );
  const signal = await stopped;
  await fake.close();
  io.stderr.write(`${signal}: stopped after ${fake.requests.length} requests\n`);
  return ExitCode.ok;
}
