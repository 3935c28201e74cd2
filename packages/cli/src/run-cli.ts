import { createRequire } from "node:module";
import { CommanderError } from "commander";
import { CliError } from "./errors.js";
import { ExitCode, type ExitCodeValue } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { buildProgram } from "./program.js";
import { createRedactor } from "./redact.js";

const NAME = "braze-subscriptions";

/**
 * Runs the CLI on `argv` (without the node and script paths) and resolves with the exit code.
 * Every error is printed on one line to stderr, never with a stack trace (set
 * `BRAZE_SUBSCRIPTIONS_DEBUG=1` for one), and never with the API key.
 *
 * @example
 * const code = await runCli(["validate", "body.json", "--json"], { stdout, stderr, stdin, env: process.env });
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<ExitCodeValue> {
  let code: ExitCodeValue = ExitCode.ok;
  const program = buildProgram(
    io,
    version(),
    (result) => {
      code = result;
    },
    argv,
  );
  // Whatever the error, the key given on the command line or in the env is masked.
  const redact = createRedactor([io.env.BRAZE_API_KEY, ...keysIn(argv)]);
  try {
    await program.parseAsync([...argv], { from: "user" });
    return code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.exitCode === 0 ||
        error.code === "commander.helpDisplayed" ||
        error.code === "commander.version"
      ) {
        return ExitCode.ok;
      }
      // `(outputHelp)` is commander asking for help on a bare command group: not an error.
      if (error.code === "commander.help") return ExitCode.usage;
      // The help of the command that failed (`set --help`), not the list of commands: the
      // root's help does not show the flag that was mistyped.
      const command = program.commands.some((c) => c.name() === argv[0]) ? ` ${argv[0]}` : "";
      io.stderr.write(
        `${NAME}: ${redact(oneLine(error.message.replace(/^error: /, "")))} (see ${NAME}${command} --help)\n`,
      );
      return ExitCode.usage;
    }
    if (error instanceof CliError) {
      io.stderr.write(`${NAME}: ${redact(oneLine(error.message))}\n`);
      // `set` and `verify` end a job that met an unexpected error with a CliError of exit 1
      // (after saving its checkpoint and report): the stack wanted is that of its cause.
      if (error.exitCode === ExitCode.unexpected) writeStack(error.cause ?? error);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(`${NAME}: unexpected error: ${redact(oneLine(message))}\n`);
    writeStack(error);
    return ExitCode.unexpected;
  }

  function writeStack(error: unknown): void {
    if (io.env.BRAZE_SUBSCRIPTIONS_DEBUG && error instanceof Error && error.stack) {
      io.stderr.write(`${redact(error.stack)}\n`);
    }
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").trim();
}

function keysIn(argv: readonly string[]): string[] {
  const keys: string[] = [];
  argv.forEach((arg, i) => {
    if (arg === "--api-key" && argv[i + 1] !== undefined) keys.push(argv[i + 1] as string);
    else if (arg.startsWith("--api-key=")) keys.push(arg.slice("--api-key=".length));
  });
  return keys;
}

function version(): string {
  // dist/ sits next to package.json in the published package.
  const require = createRequire(import.meta.url);
  try {
    return (require("../package.json") as { version: string }).version;
  } catch {
    return "0.0.0";
  }
}
