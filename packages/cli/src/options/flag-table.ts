import { type Command, Option } from "commander";

/**
 * One flag of a command, written once: commander declares it from this (syntax, help,
 * choices, env, default) and `resolve*` checks its text with `parse`.
 */
export interface Flag<T = unknown> {
  /** Commander's syntax, e.g. `--share <fraction>` or `--no-preflight`. */
  flags: string;
  help: string;
  /** Checks the text (a `TypeError` naming `flag`); unset: the text as given. */
  parse?: (text: string, flag: string) => T;
  /** The values allowed; commander refuses others, and so does {@link parseFlags}. */
  choices?: readonly string[];
  /**
   * The environment variable that stands in for the flag. `--help` names it, but `resolve*`
   * reads it, from `runCli`'s `io.env`: commander's `.env()` would read `process.env`.
   */
  env?: string;
  default?: string;
}

/** A command's flags by their commander name (`maxRetries` for `--max-retries`). */
export type FlagTable = Record<string, Flag>;

/** Each flag's checked value, `undefined` when it was not given. */
export type ParsedFlags<T extends FlagTable> = {
  [K in keyof T]: T[K] extends Flag<infer V> ? V | undefined : never;
};

/** A {@link Flag}: its syntax, help, parser (unset: the text as given) and the rest. */
export function flag<T = string>(
  flags: string,
  help: string,
  parse?: (text: string, flag: string) => T,
  more: Pick<Flag, "choices" | "env" | "default"> = {},
): Flag<T> {
  return { flags, help, ...(parse === undefined ? {} : { parse }), ...more };
}

/** Declares every flag of `table` on `command`, in the table's order. */
export function addFlags(command: Command, table: FlagTable): Command {
  for (const { flags, help, choices, env, default: value } of Object.values(table)) {
    // Said as commander says it, `(env: NAME)`, without `.env()`: see {@link Flag.env}.
    const option = new Option(flags, env === undefined ? help : `${help} (env: ${env})`);
    if (choices !== undefined) option.choices(choices);
    command.addOption(value === undefined ? option : option.default(value));
  }
  return command;
}

/** Checks the text of each value flag given (in the table's order); the first error throws. */
export function parseFlags<T extends FlagTable>(table: T, given: object): ParsedFlags<T> {
  const parsed: Record<string, unknown> = {};
  for (const [name, { flags, parse, choices }] of Object.entries(table)) {
    const text = (given as Record<string, unknown>)[name];
    if (typeof text !== "string") continue;
    const flag = flags.split(" ")[0] as string;
    if (choices !== undefined && !choices.includes(text))
      throw new TypeError(
        `${flag} must be one of ${choices.join(", ")}, got ${JSON.stringify(text)}`,
      );
    parsed[name] = parse === undefined ? text : parse(text, flag);
  }
  return parsed as ParsedFlags<T>;
}

/** A text flag that must not be blank (`--group`, `--column`). */
export function nonEmpty(text: string, flag: string): string {
  if (text.trim() === "") throw new TypeError(`${flag} must not be empty`);
  return text;
}
