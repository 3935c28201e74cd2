import { isTimerMs, MAX_TIMER_MS } from "@braze-subscriptions/client";
import {
  type BrazeFakeOptions,
  FakeListenError,
  type FaultKind,
  faultKinds,
  startBrazeFake,
} from "@braze-subscriptions/testing";
import { UsageError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { type CliIo, writeLine } from "../io.js";
import { parseDuration } from "../options/duration.js";
import { parseRateLimit } from "../options/rate-limit.js";
import { waitForStop } from "./wait-for-stop.js";

/** Flags of `braze-subscriptions mock`, as given. */
export interface MockCommandOptions {
  /** `--port`: 0 picks a free one. @default "0" */
  port?: string;
  /** `--rate-limit N/interval`, or `off`. @default the spec's x-rate-limit */
  rateLimit?: string;
  /** `--faults`: `kind=fraction` pairs, e.g. `500=0.05,reset=0.01`. @default no faults */
  faults?: string;
  /** `--seed`: seed of the fault sequence. @default the fake's (1) */
  seed?: string;
  /** `--timeout-delay`: how late a `timeout` fault answers, e.g. `30s`. @default the fake's */
  timeoutDelay?: string;
  /** `--latency`: extra delay before every answer, e.g. `20ms`. @default 0 */
  latency?: string;
  /** `--api-key`: accept only this key. @default any bearer token */
  apiKey?: string;
}

/**
 * `braze-subscriptions mock`: runs the local Braze fake until SIGINT/SIGTERM. Its URL is the
 * first line on stdout, alone, so scripts can read it.
 */
export async function runMock(options: MockCommandOptions, io: CliIo): Promise<ExitCodeValue> {
  let fakeOptions: BrazeFakeOptions;
  try {
    fakeOptions = toFakeOptions(options);
  } catch (error) {
    // parseRateLimit throws TypeError naming the flag: a usage error like the others.
    if (error instanceof TypeError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
  let fake: Awaited<ReturnType<typeof startBrazeFake>>;
  try {
    fake = await startBrazeFake(fakeOptions);
  } catch (error) {
    // Bad option values (TypeError) and a busy port (FakeListenError) are the user's to fix.
    if (error instanceof TypeError || error instanceof FakeListenError) {
      throw new UsageError(`cannot start the fake: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
  writeLine(io.stdout, fake.url);
  io.stderr.write(
    `Braze fake listening on ${fake.url} (POST /subscription/status/set); Ctrl-C to stop\n`,
  );
  const signal = await waitForStop();
  await fake.close();
  io.stderr.write(`${signal}: stopped after ${fake.requests.length} requests\n`);
  return ExitCode.ok;
}

function toFakeOptions(options: MockCommandOptions): BrazeFakeOptions {
  const fake: BrazeFakeOptions = {};
  if (options.port !== undefined) fake.port = port(options.port);
  if (options.apiKey !== undefined) fake.apiKeys = [options.apiKey];
  if (options.rateLimit === "off") fake.rateLimit = false;
  else if (options.rateLimit !== undefined) fake.rateLimit = parseRateLimit(options.rateLimit);
  if (options.latency !== undefined) fake.latencyMs = duration(options.latency, "--latency");
  const faults: NonNullable<BrazeFakeOptions["faults"]> = {};
  if (options.faults !== undefined) faults.rates = faultRates(options.faults);
  if (options.seed !== undefined) faults.seed = integer(options.seed, "--seed");
  if (options.timeoutDelay !== undefined)
    faults.timeoutDelayMs = duration(options.timeoutDelay, "--timeout-delay");
  if (Object.keys(faults).length > 0) fake.faults = faults;
  return fake;
}

function port(text: string): number {
  const value = integer(text, "--port");
  if (value < 0 || value > 65_535)
    throw new UsageError(`--port must be from 0 to 65535, got ${JSON.stringify(text)}`);
  return value;
}

function integer(text: string, flag: string): number {
  if (!/^-?\d+$/.test(text.trim()))
    throw new UsageError(`${flag} must be an integer, got ${JSON.stringify(text)}`);
  return Number(text);
}

function duration(text: string, flag: string): number {
  // A bare number is milliseconds; either way at most what a timer can hold.
  const ms = /^\d+$/.test(text.trim()) ? Number(text) : parseDuration(text);
  if (ms === undefined || !isTimerMs(ms)) {
    throw new UsageError(
      `${flag} must be a duration such as 250ms or 2s, at most ${MAX_TIMER_MS} ms (about 24.8 days), got ${JSON.stringify(text)}`,
    );
  }
  return ms;
}

function faultRates(text: string): Partial<Record<FaultKind, number>> {
  const rates: Partial<Record<FaultKind, number>> = {};
  for (const part of text.split(",").filter((item) => item.trim() !== "")) {
    const [kind, rate, ...rest] = part.split("=").map((item) => item.trim());
    const value = Number(rate);
    if (
      !faultKinds.includes(kind as FaultKind) ||
      rate === undefined ||
      rest.length > 0 ||
      !(value >= 0 && value <= 1)
    ) {
      throw new UsageError(
        `--faults expects <kind>=<fraction 0..1> pairs with kinds among ${faultKinds.join(", ")}; got ${JSON.stringify(part)}`,
      );
    }
    rates[kind as FaultKind] = value;
  }
  return rates;
}
