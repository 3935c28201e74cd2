import { environmentVariables, instances, operationMetadata } from "@braze-subscriptions/client";
// The client's own rules for the key and the target, so that flags and options refuse alike.
import {
  findApiKey,
  findTarget,
  type Target,
} from "@braze-subscriptions/client/internal/option-checks";
import {
  durationFlag,
  fractionFlag,
  integerFlag,
  isRedisUrl,
} from "@braze-subscriptions/option-checks";
import {
  isLogLevel,
  type LogLevel,
  longCeilingBeyondLog,
  MAX_LONG_CEILING,
  type SubscriptionState,
  subscriptionStates,
} from "@braze-subscriptions/runtime";
import { validateSubscriptionGroupId } from "@braze-subscriptions/validators";
import { parseDelimiter } from "../input/csv-delimiter.js";
import { IDENTIFIER_TYPES, type IdentifierType } from "../input/identifier-type.js";
import type { InputFormat } from "../input/open-identifier-source.js";
import { DEFAULT_PROGRESS_INTERVAL_MS } from "../progress/progress-display.js";
import { type FailureBound, parseFailureBound } from "./failure-bound.js";
import { type FlagTable, flag, nonEmpty, parseFlags } from "./flag-table.js";
import { formatRateLimit, parseRateLimit, type RateLimitRule } from "./rate-limit.js";

/** The flags of `braze-subscriptions set`, as given (strings from the command line). */
export interface SetCommandOptions {
  /**
   * `--group`: the subscription group id. Required, unless the CSV has a group column
   * (`group` or `subscription_group_id`); with one, the default for rows whose cell is empty.
   */
  group?: string;
  /**
   * `--state`: `subscribed` or `unsubscribed`. Required, unless the CSV has a state column
   * (`state` or `subscription_state`); with one, the default for rows whose cell is empty.
   */
  state?: string;
  /** `--input`: a file path, or `-` for stdin. Required. */
  input?: string;
  /**
   * `--type`: the identifier type. Without `--column` it means "one identifier per line".
   * @default undefined (a CSV with a header row)
   */
  type?: string;
  /** `--column`: the CSV column to read. @default the one column named external_id, email or phone */
  column?: string;
  /** `--delimiter`: the CSV's field delimiter (one character, or `tab`). @default sniffed from the header: `,` `;` or tab */
  delimiter?: string;
  /** `--api-key`. @default env BRAZE_API_KEY */
  apiKey?: string;
  /** `--instance`, e.g. `EU-01`. @default env BRAZE_REST_ENDPOINT, BRAZE_REST_URL or BRAZE_INSTANCE */
  instance?: string;
  /** `--base-url`, e.g. the local fake. @default as `instance` */
  baseUrl?: string;
  /**
   * `--rate-limit N/interval`: the workspace's rule, and a ceiling even when the server's
   * headers say more. @default the spec's x-rate-limit
   */
  rateLimit?: string;
  /**
   * `--redis-url`: keep the rate budget in this Redis, shared with other processes and machines.
   * @default env BRAZE_REDIS_URL (unset: an in-memory limiter for this process alone)
   */
  redisUrl?: string;
  /**
   * `--redis-namespace`: with `--redis-url`, the name of the budget in Redis. Every process
   * given the same one shares one budget, whatever its API key.
   * @default env BRAZE_REDIS_NAMESPACE, else one per API key and base URL (the runtime's)
   */
  redisNamespace?: string;
  /**
   * `--share`: fraction (0 to 1] of the budget this job may take; the rest is left to other
   * services of the workspace. @default the runtime's (1: all of it; others are still
   * detected from the server's headers)
   */
  share?: string;
  /** `--double-opt-in`. @default false */
  doubleOptIn?: boolean;
  /** `--max-retries`: retries after the first attempt. @default the runtime's policy */
  maxRetries?: string;
  /** `--timeout`: per-request timeout, e.g. `30s` (a bare number is ms). @default the runtime's (30000) */
  timeout?: string;
  /** `--concurrency`: requests in flight at most. @default the runtime's */
  concurrency?: string;
  /** `--dry-run`: validate and plan only. @default false */
  dryRun?: boolean;
  /** `--report`: NDJSON file with one line per input identifier. @default no report */
  report?: string;
  /** `--checkpoint`: file that makes the run resumable. @default no checkpoint */
  checkpoint?: string;
  /** `--html`: a self-contained page of the job, written when it ends. @default no page */
  html?: string;
  /** `--json`: the summary as one JSON object on stdout. @default false (a human summary) */
  json?: boolean;
  /** `--progress-interval`: time between plain progress lines when stderr is not a terminal, e.g. `10s` (a bare number is ms). @default {@link DEFAULT_PROGRESS_INTERVAL_MS} */
  progressInterval?: string;
  /** `--quiet`: no progress output (nor the start block, unless a confirmation is asked). @default false */
  quiet?: boolean;
  /** `--verbose`: a stderr line per request (operation, status, latency). @default false */
  verbose?: boolean;
  /** `--failed-only`: report lines only for rows that did not succeed. @default false */
  failedOnly?: boolean;
  /** `--limit`: send only the first n valid identifiers (a canary). @default no limit */
  limit?: string;
  /** `--max-failures`: `n` identifiers or `p%` of the rows; more failures stop the job (exit 4). @default no bound */
  maxFailures?: string;
  /** `--yes`: do not ask for confirmation on a terminal. @default false (ask on a terminal) */
  yes?: boolean;
  /**
   * `--fail-fast-after`: identical refusals in a row that stop the job once a request
   * succeeded (the runtime's `failFast.consecutive`). @default the runtime's (10)
   */
  failFastAfter?: string;
  /** `--no-preflight` sets it false: no read before the first write. @default true */
  preflight?: boolean;
  /**
   * `--skip-unchanged`: read the current states first (on the read budget) and send only
   * identifiers whose state would change. @default false
   */
  skipUnchanged?: boolean;
}

/** {@link SetCommandOptions} checked and with every default applied. */
export interface ResolvedSetOptions {
  /**
   * `--group`; `undefined` only for a CSV input, whose group column must then give each
   * row's (checked once the header is read).
   */
  subscriptionGroupId: string | undefined;
  /** `--state`; `undefined` only for a CSV input, as {@link subscriptionGroupId}. */
  state: SubscriptionState | undefined;
  input: string;
  format: InputFormat;
  /** `undefined` only for a dry run, which sends nothing. */
  apiKey: string | undefined;
  target: Target | undefined;
  rateLimit: RateLimitRule | undefined;
  /** Redis URL of the shared limiter; `undefined` for the in-memory one. */
  redisUrl: string | undefined;
  /** The budget's name in Redis; `undefined` for the runtime's default. */
  redisNamespace: string | undefined;
  /** `--share`; `undefined` for the runtime's default. */
  share: number | undefined;
  doubleOptIn: boolean;
  maxAttempts: number | undefined;
  timeoutMs: number | undefined;
  concurrency: number | undefined;
  dryRun: boolean;
  report: string | undefined;
  checkpoint: string | undefined;
  html: string | undefined;
  json: boolean;
  progressIntervalMs: number;
  quiet: boolean;
  /**
   * What the runtime logs on stderr: `debug` with `--verbose`, else env BRAZE_LOG (the
   * runtime's levels), else `off` (progress is the normal output).
   */
  logLevel: LogLevel;
  /** Report lines only for rows that did not succeed (`--failed-only`). */
  failedOnly: boolean;
  limit: number | undefined;
  maxFailures: FailureBound | undefined;
  yes: boolean;
  /** Read first; send only identifiers whose state would change. */
  skipUnchanged: boolean;
  /** `--fail-fast-after`; `undefined` for the runtime's default. */
  failFastAfter: number | undefined;
  /** False with `--no-preflight`: the key, instance and group are not read before the first write. */
  preflight: boolean;
}

/**
 * `--group`'s text, trimmed as the CSV's group cells are (`--group " g1"` and a `g1` cell were
 * two groups), then checked by the spec's generated `SubscriptionGroupId` validator: a group id
 * no request may carry is a usage error before anything is read or sent (it was read by the
 * preflight, then ended the job with exit 1 and no report line).
 */
function groupId(text: string, flag: string): string {
  const id = nonEmpty(text, flag).trim();
  const checked = validateSubscriptionGroupId(id);
  if (checked.ok) return id;
  const issue = checked.errors[0]?.message ?? "is not a subscription group id";
  throw new TypeError(`${flag} ${issue.replace(/^value /, "")} (got ${text.length} characters)`);
}

/** The flags of `set`, in `--help`'s order (commander declares them from this table too). */
export const setFlags = {
  group: flag(
    "--group <id>",
    "subscription group id (required, unless the CSV has a group column: then the default)",
    groupId,
  ),
  state: flag(
    "--state <state>",
    "state to set (required, unless the CSV has a state column: then the default)",
    (text) => text as SubscriptionState,
    { choices: subscriptionStates },
  ),
  input: flag(
    "--input <file>",
    "CSV with a header, or one identifier per line with --type, gzipped or UTF-16 too; - for stdin (required)",
    nonEmpty,
  ),
  type: flag(
    "--type <type>",
    "identifier type; without --column: one per line",
    (text) => text as IdentifierType,
    { choices: IDENTIFIER_TYPES },
  ),
  column: flag(
    "--column <name>",
    "CSV column to read when several identifier columns exist",
    nonEmpty,
  ),
  delimiter: flag(
    "--delimiter <char>",
    "CSV field delimiter, or tab (default: sniffed: , ; or tab)",
    parseDelimiter,
  ),
  apiKey: flag(
    "--api-key <key>",
    "REST API key (prefer the env: argv is visible to ps)",
    undefined,
    {
      env: environmentVariables.apiKey,
    },
  ),
  instance: flag(
    "--instance <name>",
    "Braze instance, e.g. US-01 or EU-01 (default: env, see Environment)",
  ),
  baseUrl: flag(
    "--base-url <url>",
    "REST base URL instead of --instance (default: env, see Environment)",
  ),
  rateLimit: flag(
    "--rate-limit <n/interval>",
    "request budget, e.g. 600/10s or 20/1m: never exceeded, even when the server allows more (default: the spec's)",
    parseRateLimit,
  ),
  redisUrl: flag(
    "--redis-url <url>",
    "share the budget with every process using this Redis",
    undefined,
    { env: "BRAZE_REDIS_URL" },
  ),
  redisNamespace: flag(
    "--redis-namespace <name>",
    "with --redis-url: the budget's name; processes giving the same one share it across API keys (default: one per API key and base URL)",
    nonEmpty,
    { env: "BRAZE_REDIS_NAMESPACE" },
  ),
  share: flag(
    "--share <fraction>",
    "take at most this fraction of the budget, leaving the rest to other services (default: 1)",
    (text, flag) =>
      fractionFlag(text, flag, { above: 0, max: 1, text: "a number above 0 and at most 1" }),
  ),
  doubleOptIn: flag("--double-opt-in", "send use_double_opt_in_logic (SMS groups, subscribing)"),
  // Retries after the first attempt: the runtime counts attempts.
  maxRetries: flag(
    "--max-retries <n>",
    "retries per request after the first attempt (default: the runtime's)",
    (text, flag) => integerFlag(text, flag, 0) + 1,
  ),
  timeout: flag(
    "--timeout <duration>",
    "timeout of each request, e.g. 30s or 500ms (default: the runtime's)",
    (text, flag) => durationFlag(text, flag, 1),
  ),
  concurrency: flag(
    "--concurrency <n>",
    "requests in flight at most (default: the runtime's)",
    atLeastOne,
  ),
  dryRun: flag("--dry-run", "validate and plan only; send nothing (no key needed)"),
  report: flag(
    "--report <file>",
    "write one line per input identifier: NDJSON, or CSV when the file ends in .csv",
  ),
  failedOnly: flag("--failed-only", "with --report: only the rows that did not succeed"),
  checkpoint: flag("--checkpoint <file>", "save progress; rerunning the same command resumes"),
  html: flag("--html <file.html>", "write a self-contained page of the job when it ends"),
  json: flag("--json", "print the summary as one JSON object on stdout"),
  progressInterval: flag(
    "--progress-interval <duration>",
    "time between progress lines when stderr is not a terminal, e.g. 10s",
    (text, flag) => durationFlag(text, flag, 100),
    // In the flag's own syntax: the help showed `(default: "5000")` beside "e.g. 10s".
    { default: `${DEFAULT_PROGRESS_INTERVAL_MS / 1_000}s` },
  ),
  quiet: flag("--quiet", "no progress output"),
  verbose: flag("--verbose", "log each request's operation, status and latency on stderr"),
  limit: flag(
    "--limit <n>",
    "send only the first n valid identifiers; the rest are not_sent",
    atLeastOne,
  ),
  maxFailures: flag(
    "--max-failures <n|p%>",
    "stop (exit 4) once more than n identifiers, or p% of the rows, failed",
    parseFailureBound,
  ),
  failFastAfter: flag(
    "--fail-fast-after <n>",
    "stop (exit 4) after n identical refusals in a row, once a request succeeded (default: the runtime's)",
    atLeastOne,
  ),
  preflight: flag(
    "--no-preflight",
    "do not read the key, instance and group before the first write",
  ),
  yes: flag("--yes", "do not ask for confirmation on a terminal"),
  skipUnchanged: flag(
    "--skip-unchanged",
    "read current states first (read budget); send only those that would change",
  ),
} satisfies FlagTable;

function atLeastOne(text: string, flag: string): number {
  return integerFlag(text, flag, 1);
}

/** How the client's checks of the key and target name them. */
const FLAG_NAMES = {
  where: "",
  apiKey: "--api-key",
  instance: "--instance",
  baseUrl: "--base-url",
};

/** The usage errors of a job with no group or state (no flag, and no column for it). */
export const missingGroup =
  "missing required option --group <id> (or a group column in the CSV: group or subscription_group_id)";
export const missingState = `missing required option --state <${subscriptionStates.join("|")}> (or a state column in the CSV: state or subscription_state)`;

/**
 * Checks the flags of `set` (with the environment for the key and target) and applies the
 * defaults. Throws a `TypeError` naming the flag, what it expects and what was given; the
 * API key's value is never repeated.
 */
export function resolveSetOptions(
  options: SetCommandOptions,
  env: Readonly<Record<string, string | undefined>>,
  /** The budget `--rate-limit` is: the writes' (`set`), or the reads' (`verify`). */
  budget: "writes" | "reads" = "writes",
): ResolvedSetOptions {
  const flags = parseFlags(setFlags, options);
  if (flags.rateLimit) refuseUnheldCeiling(flags.rateLimit, flags.share ?? 1, budget);
  const { input } = flags;
  if (input === undefined) throw new TypeError("missing required option --input <file|->");
  const lines = flags.type !== undefined && flags.column === undefined;
  if (lines && flags.delimiter !== undefined)
    throw new TypeError(
      "--delimiter is for a CSV input: with --type and no --column, each line is one identifier",
    );
  const { type, column, delimiter } = flags;
  const format: InputFormat =
    type !== undefined && lines
      ? { kind: "lines", type }
      : { kind: "csv", column, type, delimiter };
  // A CSV may give each row its group and state (columns); one identifier per line cannot.
  if (lines && flags.group === undefined) throw new TypeError(missingGroup);
  if (lines && flags.state === undefined) throw new TypeError(missingState);
  const dryRun = options.dryRun === true;
  if (options.checkpoint !== undefined && input === "-" && !dryRun) {
    throw new TypeError(
      "--checkpoint needs --input <file>: a rerun cannot check that stdin is the same input",
    );
  }
  // The client's rules for the key and target, with the flags' names; a flag beats the env.
  const read = (name: string) => env[name];
  const apiKey = findApiKey(options.apiKey, read, FLAG_NAMES);
  if (apiKey === undefined && !dryRun)
    throw new TypeError("missing API key: pass --api-key or set BRAZE_API_KEY");
  const target = findTarget(options, read, FLAG_NAMES, apiKey);
  if (target === undefined && !dryRun) {
    throw new TypeError(
      `missing target: pass --instance (e.g. ${Object.keys(instances)[0]}) or --base-url, or set ${environmentVariables.target.join(", ")}`,
    );
  }
  const redisUrl = resolveRedisUrl(options.redisUrl ?? env.BRAZE_REDIS_URL);
  // A budget kept in this process has no name to share: the flag alone would do nothing.
  if (flags.redisNamespace !== undefined && redisUrl === undefined)
    throw new TypeError(
      "--redis-namespace names a budget kept in Redis: give --redis-url (or BRAZE_REDIS_URL) too",
    );
  return {
    subscriptionGroupId: flags.group,
    state: flags.state,
    input,
    format,
    apiKey,
    target,
    rateLimit: flags.rateLimit,
    redisUrl,
    redisNamespace: flags.redisNamespace ?? (env.BRAZE_REDIS_NAMESPACE?.trim() || undefined),
    share: flags.share,
    doubleOptIn: options.doubleOptIn === true,
    maxAttempts: flags.maxRetries,
    timeoutMs: flags.timeout,
    concurrency: flags.concurrency,
    dryRun,
    report: options.report,
    checkpoint: options.checkpoint,
    html: options.html,
    json: options.json === true,
    progressIntervalMs: flags.progressInterval ?? DEFAULT_PROGRESS_INTERVAL_MS,
    quiet: options.quiet === true,
    logLevel: options.verbose === true ? "debug" : logLevelOf(env.BRAZE_LOG),
    failedOnly: options.failedOnly === true,
    limit: flags.limit,
    maxFailures: flags.maxFailures,
    yes: options.yes === true,
    skipUnchanged: options.skipUnchanged === true,
    failFastAfter: flags.failFastAfter,
    preflight: options.preflight !== false,
  };
}

function logLevelOf(value: string | undefined): LogLevel {
  const level = value?.trim().toLowerCase();
  if (level === undefined || level === "") return "off";
  if (!isLogLevel(level)) {
    throw new TypeError(
      `BRAZE_LOG must be one of debug, info, warn, error, off, got ${JSON.stringify(value)}`,
    );
  }
  return level;
}

/** `--redis-url` / BRAZE_REDIS_URL; the value is never echoed (it may hold a password). */
function resolveRedisUrl(value: string | undefined): string | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  if (!isRedisUrl(value.trim())) {
    throw new TypeError("--redis-url (or BRAZE_REDIS_URL) must be a redis:// or rediss:// URL");
  }
  return value.trim();
}

/**
 * A `--rate-limit` over a longer window than the spec's is held by counting each request the
 * job sends in it; one asking more than the runtime can count is refused here, in the flag's
 * words and before anything is read (`--dry-run` too), rather than by the runtime's option.
 */
function refuseUnheldCeiling(rule: RateLimitRule, share: number, budget: "writes" | "reads"): void {
  const operation = budget === "writes" ? "setSubscriptionStatus" : "getSubscriptionStatus";
  const spec = operationMetadata[operation].rateLimit;
  const instead = longCeilingBeyondLog(rule, share, spec.intervalMs);
  if (instead === undefined) return;
  const shared = share < 1 ? ` (times --share ${share})` : "";
  throw new TypeError(
    `--rate-limit ${formatRateLimit(rule)}${shared} asks more than the ${MAX_LONG_CEILING.toLocaleString("en-US")} requests a budget over a window longer than the spec's (${formatRateLimit(spec)}) can be held to: give it per ${formatRateLimit(instead).split("/")[1]} instead (--rate-limit ${formatRateLimit(instead)} is at least as strict)`,
  );
}
