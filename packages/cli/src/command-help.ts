import { environmentVariables } from "@braze-subscriptions/client";
import type { Command } from "commander";

/** What `--help` adds after a command's options: examples, environment, exit codes. */
export interface CommandHelp {
  /** Command lines a user can copy, each with a `#` comment. */
  examples: readonly string[];
  /** Environment variables the command reads, with what each one does. */
  environment?: ReadonlyArray<readonly [name: string, meaning: string]>;
  /** Exit codes the command can end with, with their meaning. */
  exitCodes: ReadonlyArray<readonly [code: number, meaning: string]>;
}

/** The variables `set` reads (the client's names and order, plus the CLI's own). */
export const setEnvironment = [
  [
    environmentVariables.apiKey,
    "REST API key, when --api-key is not given (prefer it to the flag)",
  ],
  ...environmentVariables.target.map(
    (name, i) =>
      [
        name,
        `${name === "BRAZE_INSTANCE" ? "instance name" : "base URL"} when neither --instance nor --base-url is given${i === 0 ? " (first set wins)" : ""}`,
      ] as const,
  ),
  ["BRAZE_REDIS_URL", "Redis URL sharing the rate budget, when --redis-url is not given"],
  ["BRAZE_REDIS_NAMESPACE", "the budget's name in Redis, when --redis-namespace is not given"],
  ["BRAZE_LOG", "debug, info, warn or error: the runtime's log lines on stderr (--verbose: debug)"],
  ["BRAZE_SUBSCRIPTIONS_DEBUG", "1: print the stack trace of an unexpected error"],
] as const;

/** Adds the examples, environment and exit-code sections to `command`'s `--help`. */
export function addCommandHelp(command: Command, help: CommandHelp): Command {
  return command.addHelpText("after", renderHelp(help));
}

/** The examples, environment and exit-code sections, as `--help` prints them. */
export function renderHelp(help: CommandHelp): string {
  const sections = [
    section(
      "Examples:",
      help.examples.map((line) => [line]),
    ),
  ];
  if (help.environment?.length) sections.push(section("Environment:", help.environment));
  sections.push(
    section(
      "Exit codes:",
      help.exitCodes.map(([code, meaning]) => [String(code), meaning]),
    ),
  );
  return `\n${sections.join("\n\n")}`;
}

function section(title: string, rows: ReadonlyArray<readonly string[]>): string {
  const width = Math.max(...rows.map((row) => (row.length > 1 ? (row[0] ?? "").length : 0)));
  const lines = rows.map((row) =>
    row.length > 1 ? `  ${(row[0] ?? "").padEnd(width)}  ${row[1]}` : `  ${row[0]}`,
  );
  return [title, ...lines].join("\n");
}
