import { parseArgs } from "node:util";
import { type FaultKind, faultKinds, type StormWindow } from "../core/faults.js";
import { CliUsageError } from "../errors.js";
import type { BrazeFakeOptions } from "../options/index.js";
import { parseDuration } from "./parse-duration.js";

/** What the command line asks for. */
export type CliCommand =
  | { readonly help: true }
  | { readonly help: false; readonly options: BrazeFakeOptions; readonly log: boolean };

/** The `--help` text. */
export const usage = `Usage: braze-fake [options]

Runs a local Braze fake (every operation of the OpenAPI spec: the set endpoints and the
reads, from one store), prints its URL on stdout and serves until SIGINT or SIGTERM.

Options:
  --port <n>             port, 0 for a free one (default 0)
  --host <host>          interface (default 127.0.0.1)
  --rate-limit <n/dur>   e.g. 100/1s for every bucket; <bucket>=<n/dur> for one bucket
                         (may be repeated); "off" for none (default: the spec's x-rate-limit)
  --window <kind>        fixed (clock-aligned, default) or sliding
  --faults <list>        e.g. 500=0.05,502=0.01,503=0.01,504=0.01,reset=0.02,timeout=0.01
  --seed <n>             seed of the fault sequence (default 1)
  --timeout-delay <dur>  how late a "timeout" fault answers (default 30s)
  --storm <at+dur[/every]>  answer 429 from <at> for <dur>, repeated every <every>;
                         e.g. 10s+2s/1m (may be repeated)
  --latency <dur>        extra delay before every answer (default 0)
  --apply-delay <dur>    writes become visible to reads this late (default 0)
  --api-key <key>        accept only this key (may be repeated; default: any bearer token)
  --log                  print one line per request on stderr
  --help                 show this text
`;

/** Parses `braze-fake`'s arguments; a `CliUsageError` says what is wrong. */
export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values: ReturnType<typeof parse>["values"];
  try {
    ({ values } = parse(argv));
  } catch (error) {
    throw new CliUsageError((error as Error).message);
  }
  if (values.help) return { help: true };
  const options: BrazeFakeOptions = {};
  if (values.port !== undefined) options.port = integer(values.port, "--port");
  if (values.host !== undefined) options.host = values.host;
  if (values["api-key"] !== undefined) options.apiKeys = values["api-key"];
  if (values.latency !== undefined) options.latencyMs = parseDuration(values.latency, "--latency");
  if (values["apply-delay"] !== undefined)
    options.applyDelayMs = parseDuration(values["apply-delay"], "--apply-delay");
  if (values["rate-limit"]?.includes("off")) options.rateLimit = false;
  else if (values["rate-limit"] !== undefined || values.window !== undefined) {
    options.rateLimit = rateLimit(values["rate-limit"], values.window);
  }
  const faults: NonNullable<BrazeFakeOptions["faults"]> = {};
  if (values.faults !== undefined) faults.rates = faultRates(values.faults);
  if (values.seed !== undefined) faults.seed = integer(values.seed, "--seed");
  if (values["timeout-delay"] !== undefined)
    faults.timeoutDelayMs = parseDuration(values["timeout-delay"], "--timeout-delay");
  if (values.storm !== undefined) faults.storms = values.storm.map(storm);
  if (Object.keys(faults).length > 0) options.faults = faults;
  return { help: false, options, log: values.log === true };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string" },
      host: { type: "string" },
      "rate-limit": { type: "string", multiple: true },
      window: { type: "string" },
      faults: { type: "string" },
      seed: { type: "string" },
      "timeout-delay": { type: "string" },
      storm: { type: "string", multiple: true },
      latency: { type: "string" },
      "apply-delay": { type: "string" },
      "api-key": { type: "string", multiple: true },
      log: { type: "boolean" },
      help: { type: "boolean" },
    },
  });
}

function integer(text: string, flag: string): number {
  if (!/^-?\d+$/.test(text.trim()))
    throw new CliUsageError(`${flag}: expected an integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

function rateLimit(
  texts: readonly string[] | undefined,
  window: string | undefined,
): NonNullable<BrazeFakeOptions["rateLimit"]> {
  const result: {
    limit?: number;
    intervalMs?: number;
    window?: "fixed" | "sliding";
    buckets?: Record<string, { limit: number; intervalMs: number }>;
  } = {};
  for (const text of texts ?? []) {
    const equals = text.indexOf("=");
    const rule = oneRateLimit(equals === -1 ? text : text.slice(equals + 1), window);
    if (equals === -1) Object.assign(result, rule);
    else {
      result.buckets ??= {};
      result.buckets[text.slice(0, equals)] = {
        limit: rule.limit as number,
        intervalMs: rule.intervalMs as number,
      };
    }
  }
  if (texts === undefined || texts.length === 0)
    Object.assign(result, oneRateLimit(undefined, window));
  if (window !== undefined) result.window = window as "fixed" | "sliding";
  return result;
}

function oneRateLimit(
  text: string | undefined,
  window: string | undefined,
): { limit?: number; intervalMs?: number; window?: "fixed" | "sliding" } {
  if (window !== undefined && window !== "fixed" && window !== "sliding") {
    throw new CliUsageError(`--window: expected fixed or sliding, got ${JSON.stringify(window)}`);
  }
  const result: { limit?: number; intervalMs?: number; window?: "fixed" | "sliding" } = {};
  if (window !== undefined) result.window = window;
  if (text !== undefined) {
    const [limit, per, ...rest] = text.split("/");
    if (limit === undefined || per === undefined || rest.length > 0) {
      throw new CliUsageError(
        `--rate-limit: expected <requests>/<duration> (e.g. 100/1s) or off, got ${JSON.stringify(text)}`,
      );
    }
    result.limit = integer(limit, "--rate-limit");
    result.intervalMs = parseDuration(per, "--rate-limit");
  }
  return result;
}

function faultRates(text: string): Partial<Record<FaultKind, number>> {
  const rates: Partial<Record<FaultKind, number>> = {};
  for (const part of text.split(",").filter((item) => item.trim() !== "")) {
    const [kind, rate, ...rest] = part.split("=").map((item) => item.trim());
    if (
      !faultKinds.includes(kind as FaultKind) ||
      rate === undefined ||
      rest.length > 0 ||
      Number.isNaN(Number(rate))
    ) {
      throw new CliUsageError(
        `--faults: expected <kind>=<fraction> pairs with kinds among ${faultKinds.join(", ")}, got ${JSON.stringify(part)}`,
      );
    }
    rates[kind as FaultKind] = Number(rate);
  }
  return rates;
}

function storm(text: string): StormWindow {
  const match = /^([^+/]+)\+([^+/]+)(?:\/([^+/]+))?$/.exec(text.trim());
  if (match === null) {
    throw new CliUsageError(
      `--storm: expected <start>+<duration>[/<every>] (e.g. 10s+2s/1m), got ${JSON.stringify(text)}`,
    );
  }
  const startMs = parseDuration(match[1] as string, "--storm");
  const durationMs = parseDuration(match[2] as string, "--storm");
  return match[3] === undefined
    ? { startMs, durationMs }
    : { startMs, durationMs, everyMs: parseDuration(match[3], "--storm") };
}
