import { type ParseArgsConfig, parseArgs } from "node:util";
import {
  durationFlag,
  fractionFlag,
  integerFlag,
  rateLimitFlag,
} from "@braze-subscriptions/option-checks";
import { type FaultKind, faultKinds, type StormWindow } from "../core/faults.js";
import { CliUsageError } from "../errors.js";
import type { BrazeFakeOptions, RateLimitOptions } from "../options/index.js";

/** What a command line of the fake asks for: its help, or a fake to start. */
export type FakeCommand =
  | { readonly help: true }
  | { readonly help: false; readonly options: BrazeFakeOptions; readonly log: boolean };

// Every kind `--faults` takes, wrapped under its flag (queued: Braze deferring a write).
const FAULT_KINDS_HELP = wrap(
  `kinds: ${faultKinds.join(" ")} (queued: a 202 "queued" success, applied)`,
  " ".repeat(26),
  90,
);

function wrap(text: string, indent: string, width: number): string {
  const lines: string[] = [];
  let line = indent;
  for (const word of text.split(" ")) {
    if (line.length + word.length + 1 > width && line.trim() !== "") {
      lines.push(line.trimEnd());
      line = indent;
    }
    line += `${word} `;
  }
  lines.push(line.trimEnd());
  return lines.join("\n");
}

/** The `--help` text of the fake's flags; `command` is how the user started it. */
export function fakeUsage(command = "braze-fake"): string {
  return `Usage: ${command} [options]

Runs a local Braze fake (every operation of the OpenAPI spec: the set endpoints and the
reads, from one store), prints its URL on stdout and serves until SIGINT or SIGTERM.
Durations: 500ms, 30s, 1m, 1h, or a bare number of milliseconds.

Options:
  --port <n>              port, 0 for a free one (default 0)
  --host <host>           interface (default 127.0.0.1)
  --rate-limit <n/dur>    e.g. 100/1s or 100/s for every bucket; <bucket>=<n/dur> for one
                          bucket (may be repeated); "off" for none (default: the spec's)
  --window <kind>         fixed (clock-aligned, default) or sliding
  --foreign-share <f>     share (0 to below 1) of every bucket's budget taken by a simulated
                          other service of the workspace (default 0)
  --faults <list>         e.g. 500=0.05,502=0.01,503=0.01,504=0.01,reset=0.02,timeout=0.01
${FAULT_KINDS_HELP}
  --seed <n>              seed of the fault sequence (default 1)
  --timeout-delay <dur>   how late a "timeout" fault answers (default 30s)
  --storm <at+dur[/every]>  answer 429 from <at> for <dur>, repeated every <every>;
                          e.g. 10s+2s/1m (may be repeated)
  --latency <dur>         extra delay before every answer (default 0)
  --apply-delay <dur>     writes become visible to reads this late (default 0)
  --api-key <key>         accept only this key (may be repeated; default: any bearer token)
  --log                   print one line per request on stderr
  --help                  show this text
`;
}

/**
 * Parses the fake's flags: the one parser of `braze-fake` and `braze-subscriptions mock`, so
 * both take the same flags with the same meaning. A `CliUsageError` says what is wrong.
 */
export function parseFakeArgs(argv: readonly string[]): FakeCommand {
  try {
    const { values } = parse(argv);
    if (values.help) return { help: true };
    return { help: false, options: fakeOptions(values), log: values.log === true };
  } catch (error) {
    if (error instanceof CliUsageError) throw error;
    throw new CliUsageError((error as Error).message, { cause: error });
  }
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: valuesTaken(argv, FLAGS),
    strict: true,
    allowPositionals: false,
    options: FLAGS,
  });
}

/** The fake's flags, as `parseArgs` reads them. */
const FLAGS = {
  port: { type: "string" },
  host: { type: "string" },
  "rate-limit": { type: "string", multiple: true },
  window: { type: "string" },
  "foreign-share": { type: "string" },
  faults: { type: "string" },
  seed: { type: "string" },
  "timeout-delay": { type: "string" },
  storm: { type: "string", multiple: true },
  latency: { type: "string" },
  "apply-delay": { type: "string" },
  "api-key": { type: "string", multiple: true },
  log: { type: "boolean" },
  help: { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

/**
 * `argv` with each flag that takes a value joined to the argument after it (`--latency=-1s`),
 * whatever that argument starts with, as commander reads `set`'s and `verify`'s flags: node's
 * `parseArgs` calls `--latency -1s` "ambiguous", where `set --timeout -1s` says what a
 * duration is and what was given. Both bins' time flags then refuse a value alike.
 */
function valuesTaken(argv: readonly string[], flags: typeof FLAGS): string[] {
  const taking = new Set(
    Object.entries(flags)
      .filter(([, flag]) => flag.type === "string")
      .map(([name]) => `--${name}`),
  );
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = argv[i + 1];
    if (taking.has(arg) && value === undefined) {
      // Worded as commander words it for `set --timeout` (node's: "Option '… <value>' …").
      const placeholder = new RegExp(`^ {2}${arg} (<[^>]+>)`, "m").exec(fakeUsage())?.[1];
      throw new CliUsageError(`option '${arg} ${placeholder ?? "<value>"}' argument missing`);
    }
    if (taking.has(arg)) {
      args.push(`${arg}=${value}`);
      i++;
    } else args.push(arg);
  }
  return args;
}

function fakeOptions(values: ReturnType<typeof parse>["values"]): BrazeFakeOptions {
  const options: BrazeFakeOptions = {};
  if (values.port !== undefined) options.port = integerFlag(values.port, "--port", 0, 65_535);
  if (values.host !== undefined) options.host = nonEmpty(values.host, "--host");
  if (values["api-key"] !== undefined) options.apiKeys = values["api-key"].map(apiKey);
  if (values.latency !== undefined) options.latencyMs = durationFlag(values.latency, "--latency");
  if (values["apply-delay"] !== undefined)
    options.applyDelayMs = durationFlag(values["apply-delay"], "--apply-delay");
  const rateLimit = rateLimitOf(values);
  if (rateLimit !== undefined) options.rateLimit = rateLimit;
  const faults: NonNullable<BrazeFakeOptions["faults"]> = {};
  if (values.faults !== undefined) faults.rates = faultRates(values.faults);
  if (values.seed !== undefined) faults.seed = integerFlag(values.seed, "--seed");
  if (values["timeout-delay"] !== undefined)
    faults.timeoutDelayMs = durationFlag(values["timeout-delay"], "--timeout-delay");
  if (values.storm !== undefined) faults.storms = values.storm.map(storm);
  if (Object.keys(faults).length > 0) options.faults = faults;
  return options;
}

/** `--rate-limit` (every bucket, or `<bucket>=<rule>`), `--window` and `--foreign-share`. */
function rateLimitOf(
  values: ReturnType<typeof parse>["values"],
): RateLimitOptions | false | undefined {
  const texts = values["rate-limit"] ?? [];
  const window = values.window;
  const foreignShare = values["foreign-share"];
  if (texts.includes("off")) {
    if (window !== undefined || foreignShare !== undefined || texts.length > 1) {
      throw new CliUsageError("--rate-limit off leaves no budget for other rate-limit flags");
    }
    return false;
  }
  if (texts.length === 0 && window === undefined && foreignShare === undefined) return undefined;
  const result: RateLimitOptions & {
    buckets?: Record<string, { limit: number; intervalMs: number }>;
  } = {};
  for (const text of texts) {
    const equals = text.indexOf("=");
    const rule = rateLimitFlag(equals === -1 ? text : text.slice(equals + 1));
    if (equals === -1) Object.assign(result, rule);
    else result.buckets = { ...result.buckets, [text.slice(0, equals)]: rule };
  }
  if (window !== undefined) {
    if (window !== "fixed" && window !== "sliding")
      throw new CliUsageError(`--window must be fixed or sliding, got ${JSON.stringify(window)}`);
    result.window = window;
  }
  if (foreignShare !== undefined) {
    result.foreignShare = fractionFlag(foreignShare, "--foreign-share", {
      min: 0,
      below: 1,
      text: "a fraction from 0 to below 1, e.g. 0.4",
    });
  }
  return result;
}

function faultRates(text: string): Partial<Record<FaultKind, number>> {
  const rates: Partial<Record<FaultKind, number>> = {};
  for (const part of text.split(",").filter((item) => item.trim() !== "")) {
    const [kind, rate, ...rest] = part.split("=").map((item) => item.trim());
    const value = Number(rate);
    if (
      !faultKinds.includes(kind as FaultKind) ||
      rate === undefined ||
      rate === "" ||
      rest.length > 0 ||
      !(value >= 0 && value <= 1)
    ) {
      throw new CliUsageError(
        `--faults expects <kind>=<fraction 0..1> pairs with kinds among ${faultKinds.join(", ")}; got ${JSON.stringify(part)}`,
      );
    }
    rates[kind as FaultKind] = value;
  }
  return rates;
}

function storm(text: string): StormWindow {
  const match = /^([^+/]+)\+([^+/]+)(?:\/([^+/]+))?$/.exec(text.trim());
  if (match === null) {
    throw new CliUsageError(
      `--storm expects <start>+<duration>[/<every>] (e.g. 10s+2s/1m), got ${JSON.stringify(text)}`,
    );
  }
  const startMs = durationFlag(match[1] as string, "--storm");
  const durationMs = durationFlag(match[2] as string, "--storm", 1);
  return match[3] === undefined
    ? { startMs, durationMs }
    : { startMs, durationMs, everyMs: durationFlag(match[3], "--storm", durationMs) };
}

/**
 * A text flag that must not be blank, named as the flag (`startBrazeFake`'s own check named
 * its option `host`, and the two bins worded it apart).
 */
function nonEmpty(text: string, flag: string): string {
  if (text.trim() === "") throw new CliUsageError(`${flag} must not be empty`);
  return text;
}

/** An `--api-key`: what a bearer token can be, as `set --api-key` words it; never echoed. */
function apiKey(text: string): string {
  nonEmpty(text, "--api-key");
  if (/\s/.test(text)) {
    throw new CliUsageError(
      `--api-key must not contain whitespace (got a ${text.length}-character string that does)`,
    );
  }
  return text;
}
