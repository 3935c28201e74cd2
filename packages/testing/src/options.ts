import {
  type FaultKind,
  faultKinds,
  type ResolvedFaults,
  type StormWindow,
} from "./core/faults.js";
import type { ResolvedRateLimit, WindowKind } from "./core/rate-limit/index.js";

/** The fake's rate limit. Every unset field comes from the spec's `x-rate-limit`. */
export interface RateLimitOptions {
  /** Requests allowed per window. @default the spec's `x-rate-limit.limit` */
  limit?: number;
  /** Length of a window, in ms. @default the spec's `x-rate-limit.intervalMs` */
  intervalMs?: number;
  /**
   * `"fixed"`: windows aligned to the clock, as Braze documents. `"sliding"`: at most `limit`
   * requests in any `intervalMs` span (stricter, to test a client's own limiter).
   * @default "fixed"
   */
  window?: WindowKind;
}

/** Faults to inject, deterministic from `seed`. */
export interface FaultOptions {
  /** Seed of the fault sequence: same seed and rates, same faults for the n-th request. @default 1 */
  seed?: number;
  /**
   * Fraction (0..1) of routed requests that get each fault; the sum must not exceed 1.
   * `500`/`503`/`504` answer JSON, `502` a proxy's HTML page, `reset` destroys the connection
   * before any answer, `timeout` processes the request (its state change is kept) and answers
   * `timeoutDelayMs` late.
   * @default {} (no faults)
   */
  rates?: Partial<Record<FaultKind, number>>;
  /** How late a `timeout` fault answers, in ms: set it above your client's timeout. @default 30000 */
  timeoutDelayMs?: number;
  /** Spans of time, from the fake's start (or `reset()`), answered 429 whatever the budget. @default [] */
  storms?: StormWindow[];
}

/** Options of {@link startBrazeFake} (and, but for `port`/`host`, of `brazeHandlers`). */
export interface BrazeFakeOptions {
  /** Port to listen on; `0` picks a free one. @default 0 */
  port?: number;
  /** Interface to listen on. @default "127.0.0.1" */
  host?: string;
  /** The API keys accepted (any other gets 401). @default undefined (any non-empty bearer token) */
  apiKeys?: readonly string[];
  /**
   * Permissions of some keys: a key listed here has only these (without the operation's
   * `x-required-permission` it gets 403); a key not listed has every permission.
   * @default {}
   */
  permissions?: Readonly<Record<string, readonly string[]>>;
  /** The rate limit, or `false` for none (and no `X-RateLimit-*` headers). @default the spec's `x-rate-limit`, fixed windows */
  rateLimit?: RateLimitOptions | false;
  /** Faults to inject. @default no faults */
  faults?: FaultOptions;
  /** Largest body accepted; larger ones get 413. @default the spec's `x-max-body-bytes` (4 MiB) */
  maxBodyBytes?: number;
  /** Extra delay before every answer, in ms. @default 0 */
  latencyMs?: number;
  /**
   * How many requests the log keeps at least; beyond it the oldest are dropped (in chunks of
   * a tenth, so the log may briefly hold up to 10% more). Bounded so a long-running fake does
   * not grow without end.
   * @default 10000
   */
  maxLogEntries?: number;
  /** Whether log entries keep the parsed body. @default true */
  logBodies?: boolean;
  /** The clock (ms since the epoch), for tests of the rate-limit windows. @default Date.now */
  now?: () => number;
}

/** {@link BrazeFakeOptions} with every default applied. */
export interface ResolvedFakeOptions {
  readonly port: number;
  readonly host: string;
  readonly apiKeys: ReadonlySet<string> | undefined;
  readonly permissions: ReadonlyMap<string, ReadonlySet<string>>;
  readonly rateLimit: ResolvedRateLimit | false;
  readonly faults: ResolvedFaults;
  readonly maxBodyBytes: number | undefined;
  readonly latencyMs: number;
  readonly maxLogEntries: number;
  readonly logBodies: boolean;
  readonly now: () => number;
}

const OPTION_NAMES = new Set([
  "port",
  "host",
  "apiKeys",
  "permissions",
  "rateLimit",
  "faults",
  "maxBodyBytes",
  "latencyMs",
  "maxLogEntries",
  "logBodies",
  "now",
]);

/**
 * Checks options and applies defaults. A bad value throws a `TypeError` naming the option,
 * what was expected and what was given (API keys are never repeated, only their length).
 */
export function resolveFakeOptions(
  options: BrazeFakeOptions = {},
  caller = "startBrazeFake",
): ResolvedFakeOptions {
  const fail = (name: string, expected: string, got: unknown): never => {
    throw new TypeError(`${caller}: option "${name}" must be ${expected}, got ${describe(got)}`);
  };
  if (options === null || typeof options !== "object") fail("options", "an object", options);
  for (const name of Object.keys(options)) {
    if (
      !OPTION_NAMES.has(name) &&
      !(caller === "brazeHandlers" && (name === "baseUrl" || name === "core"))
    ) {
      throw new TypeError(
        `${caller}: unknown option "${name}" (known: ${[...OPTION_NAMES].join(", ")})`,
      );
    }
  }
  const int = (name: string, value: unknown, fallback: number, min: number): number => {
    if (value === undefined) return fallback;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
      fail(name, `an integer >= ${min}`, value);
    }
    return value as number;
  };
  const {
    port,
    host,
    apiKeys,
    permissions,
    rateLimit,
    faults,
    maxBodyBytes,
    latencyMs,
    maxLogEntries,
    logBodies,
    now,
  } = options;
  if (port !== undefined && int("port", port, 0, 0) > 65535)
    fail("port", "an integer from 0 to 65535", port);
  if (host !== undefined && (typeof host !== "string" || host === ""))
    fail("host", "a non-empty string", host);
  if (logBodies !== undefined && typeof logBodies !== "boolean")
    fail("logBodies", "a boolean", logBodies);
  if (now !== undefined && typeof now !== "function")
    fail("now", "a function returning ms since the epoch", now);
  return {
    port: port ?? 0,
    host: host ?? "127.0.0.1",
    apiKeys: resolveApiKeys(apiKeys, fail),
    permissions: resolvePermissions(permissions, fail),
    rateLimit: resolveRateLimit(rateLimit, fail, int),
    faults: resolveFaults(faults, fail, int),
    maxBodyBytes: maxBodyBytes === undefined ? undefined : int("maxBodyBytes", maxBodyBytes, 0, 1),
    latencyMs: int("latencyMs", latencyMs, 0, 0),
    maxLogEntries: int("maxLogEntries", maxLogEntries, 10_000, 0),
    logBodies: logBodies ?? true,
    now: now ?? Date.now,
  };
}

type Fail = (name: string, expected: string, got: unknown) => never;
type Int = (name: string, value: unknown, fallback: number, min: number) => number;

function resolveApiKeys(apiKeys: unknown, fail: Fail): ReadonlySet<string> | undefined {
  if (apiKeys === undefined) return undefined;
  if (!Array.isArray(apiKeys)) return fail("apiKeys", "an array of non-empty strings", apiKeys);
  apiKeys.forEach((key, i) => {
    if (typeof key !== "string" || key === "" || /\s/.test(key)) {
      fail(`apiKeys[${i}]`, "a non-empty string without whitespace", secret(key));
    }
  });
  return new Set(apiKeys as string[]);
}

function resolvePermissions(
  permissions: unknown,
  fail: Fail,
): ReadonlyMap<string, ReadonlySet<string>> {
  if (permissions === undefined) return new Map();
  if (permissions === null || typeof permissions !== "object" || Array.isArray(permissions)) {
    return fail("permissions", "an object of API key → array of permission names", permissions);
  }
  return new Map(
    Object.entries(permissions).map(([key, list], i) => {
      if (!Array.isArray(list) || list.some((item) => typeof item !== "string")) {
        fail(`permissions (entry ${i})`, "an array of permission names", list);
      }
      return [key, new Set(list as string[])];
    }),
  );
}

function resolveRateLimit(rateLimit: unknown, fail: Fail, int: Int): ResolvedRateLimit | false {
  if (rateLimit === false) return false;
  if (rateLimit === undefined) return { limit: undefined, intervalMs: undefined, window: "fixed" };
  if (rateLimit === null || typeof rateLimit !== "object") {
    return fail("rateLimit", "false or an object { limit?, intervalMs?, window? }", rateLimit);
  }
  const { limit, intervalMs, window } = rateLimit as RateLimitOptions;
  if (window !== undefined && window !== "fixed" && window !== "sliding") {
    fail("rateLimit.window", `"fixed" or "sliding"`, window);
  }
  return {
    limit: limit === undefined ? undefined : int("rateLimit.limit", limit, 0, 1),
    intervalMs:
      intervalMs === undefined ? undefined : int("rateLimit.intervalMs", intervalMs, 0, 1),
    window: window ?? "fixed",
  };
}

function resolveFaults(faults: unknown, fail: Fail, int: Int): ResolvedFaults {
  if (faults === undefined) return { seed: 1, rates: {}, timeoutDelayMs: 30_000, storms: [] };
  if (faults === null || typeof faults !== "object") {
    return fail("faults", "an object { seed?, rates?, timeoutDelayMs?, storms? }", faults);
  }
  const { seed, rates, timeoutDelayMs, storms } = faults as FaultOptions;
  if (rates !== undefined && (rates === null || typeof rates !== "object")) {
    fail("faults.rates", `an object of fault kind (${faultKinds.join(", ")}) → fraction`, rates);
  }
  let sum = 0;
  for (const [kind, rate] of Object.entries(rates ?? {})) {
    if (!faultKinds.includes(kind as FaultKind))
      fail("faults.rates", `keys among ${faultKinds.join(", ")}`, kind);
    if (typeof rate !== "number" || !(rate >= 0 && rate <= 1))
      fail(`faults.rates.${kind}`, "a number from 0 to 1", rate);
    sum += rate;
  }
  if (sum > 1 + 1e-9) fail("faults.rates", "fractions that add up to at most 1", `a sum of ${sum}`);
  if (storms !== undefined && !Array.isArray(storms))
    fail("faults.storms", "an array of { startMs, durationMs, everyMs? }", storms);
  return {
    seed: int("faults.seed", seed, 1, Number.MIN_SAFE_INTEGER),
    rates: { ...rates },
    timeoutDelayMs: int("faults.timeoutDelayMs", timeoutDelayMs, 30_000, 0),
    storms: (storms ?? []).map((storm, i) => {
      if (storm === null || typeof storm !== "object")
        fail(`faults.storms[${i}]`, "an object { startMs, durationMs, everyMs? }", storm);
      const startMs = int(`faults.storms[${i}].startMs`, storm.startMs, Number.NaN, 0);
      const durationMs = int(`faults.storms[${i}].durationMs`, storm.durationMs, Number.NaN, 1);
      if (Number.isNaN(startMs) || Number.isNaN(durationMs)) {
        fail(`faults.storms[${i}]`, "an object with startMs and durationMs", storm);
      }
      const everyMs =
        storm.everyMs === undefined
          ? undefined
          : int(`faults.storms[${i}].everyMs`, storm.everyMs, 0, durationMs);
      return everyMs === undefined ? { startMs, durationMs } : { startMs, durationMs, everyMs };
    }),
  };
}

// Marks a secret so `describe` gives its length only.
class Secret {
  constructor(readonly value: unknown) {}
}
function secret(value: unknown): Secret {
  return new Secret(value);
}

function describe(value: unknown): string {
  if (value instanceof Secret) {
    return typeof value.value === "string"
      ? `a ${value.value.length}-character string`
      : describe(value.value);
  }
  if (typeof value === "string")
    return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "function") return "a function";
  return typeof value === "object" ? "an object" : `${typeof value} ${String(value)}`;
}
