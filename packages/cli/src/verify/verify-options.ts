import { type SubscriptionState, subscriptionStates } from "@braze-subscriptions/runtime";
import { durationFlag } from "../options/duration.js";
import { type FlagTable, nonEmpty, parseFlags } from "../options/flag-table.js";
import {
  type ResolvedSetOptions,
  resolveSetOptions,
  type SetCommandOptions,
  setFlags,
} from "../options/set-options.js";
import { assertNdjsonReport } from "../report/report-encoding.js";

/**
 * The flags of `braze-subscriptions verify`: those of `set` its table ({@link verifyFlags})
 * takes, typed and documented as `set`'s, and its own.
 */
export type VerifyCommandOptions = Pick<
  SetCommandOptions,
  keyof typeof verifyFlags & keyof SetCommandOptions
> & {
  /** `--from-report`: a `set` report; every line of it is read back (exit 0 only when the whole job landed). @default none */
  fromReport?: string;
  /** `--settle`: how long lines that differ or are unknown are read again. @default read once */
  settle?: string;
};

/**
 * {@link VerifyCommandOptions} checked, with `set`'s resolved flags: `--group` (a read checks
 * one group) and `--state` (what every line should have) are given with `--input`, and may be
 * left to the set job's record with `--from-report`.
 */
export type ResolvedVerifyOptions = ResolvedSetOptions & {
  /** How long to re-read lines that do not match yet, in ms (0: read once). */
  settleMs: number;
} & (
    | { fromReport: undefined; subscriptionGroupId: string; state: SubscriptionState }
    | {
        /** The `set` report to read back, instead of `input`. */
        fromReport: string;
      }
  );

const { group, state, input, type, column, delimiter, apiKey, instance, baseUrl } = setFlags;
const { redisUrl, redisNamespace, maxRetries, timeout, concurrency, rateLimit, html, json, quiet } =
  setFlags;

/** The flags of `verify`: `set`'s input and connection flags, and its own, in `--help`'s order. */
export const verifyFlags = {
  group: {
    ...group,
    help: "subscription group id (required; with --from-report: the set job's by default)",
  },
  state: {
    ...state,
    help: "the state every line should have (required; with --from-report: the set job's by default)",
  },
  input: { ...input, help: "the same input forms as set; - for stdin" },
  fromReport: {
    flags: "--from-report <file.ndjson>",
    help: "read back every line of a set report instead (exit 0 only if the whole job landed)",
    parse: nonEmpty,
  },
  ...{ type, column, delimiter, apiKey, instance, baseUrl, redisUrl, redisNamespace },
  maxRetries: { ...maxRetries, help: "retries per request after the first attempt" },
  timeout: { ...timeout, help: "timeout of each request, e.g. 30s or 500ms" },
  concurrency: { ...concurrency, help: "reads in flight at most" },
  rateLimit: {
    ...rateLimit,
    help: "read budget, e.g. 1000/1m: never exceeded (default: the spec's read limit)",
  },
  settle: {
    flags: "--settle <duration>",
    help: "re-read lines that differ or are unknown for this long, e.g. 10s",
    parse: durationFlag,
  },
  report: {
    flags: "--report <file>",
    help: "write one line per input line: NDJSON, or CSV for *.csv",
  },
  ...{ html, json, progressInterval: setFlags.progressInterval, quiet },
  verbose: setFlags.verbose,
} satisfies FlagTable;

/**
 * Checks `verify`'s flags with `set`'s rules (group, state, input form, key, target, limits)
 * plus its own. Exactly one of `--input` and `--from-report` is required.
 */
export function resolveVerifyOptions(
  options: VerifyCommandOptions,
  env: Readonly<Record<string, string | undefined>>,
): ResolvedVerifyOptions {
  if (options.fromReport !== undefined && options.input !== undefined)
    throw new TypeError("give --input <file> or --from-report <set report>, not both");
  const { fromReport, settle } = parseFlags(
    { fromReport: verifyFlags.fromReport, settle: verifyFlags.settle },
    options,
  );
  if (fromReport !== undefined) assertNdjsonReport(fromReport, "--from-report");
  if (fromReport !== undefined && options.delimiter !== undefined)
    throw new TypeError("--delimiter is for --input: --from-report reads a set report");
  const resolved = resolveSetOptions(
    // A set report is NDJSON with its own type per line: its path stands in for --input (as
    // a CSV's would, which may leave the group and state to its job; see `verifiedJobOf`).
    fromReport === undefined ? options : { ...withoutType(options), input: fromReport },
    env,
    // verify's --rate-limit is the reads' budget.
    "reads",
  );
  const settleMs = settle ?? 0;
  // A set report's job record names its group and state (see `verifiedJobOf`).
  if (fromReport !== undefined) return { ...resolved, fromReport, settleMs };
  if (resolved.subscriptionGroupId === undefined)
    throw new TypeError("missing required option --group <id>");
  if (resolved.state === undefined)
    throw new TypeError(`missing required option --state <${subscriptionStates.join("|")}>`);
  return {
    ...resolved,
    subscriptionGroupId: resolved.subscriptionGroupId,
    state: resolved.state,
    fromReport,
    settleMs,
  };
}

/** `options` without `--type`: a set report's lines name their own. */
function withoutType({ type: _, ...options }: VerifyCommandOptions): VerifyCommandOptions {
  return options;
}
