import {
  type BrazeRuntime,
  createBrazeRuntime,
  type Hooks,
  type Logger,
} from "@braze-subscriptions/runtime";
import type { RedisLimiterStore } from "@braze-subscriptions/runtime/redis";
import { UsageError } from "../errors.js";
import type { ResolvedSetOptions } from "../options/set-options.js";

/**
 * How long `set` waits for Redis to answer before anything is sent: long enough for a Redis
 * that is starting next to the job (a container started at the same time), short enough for
 * a mistyped host or port to be a prompt one-line error.
 */
const REDIS_START_TIMEOUT_MS = 3_000;

/**
 * Builds the runtime from the resolved flags. Only what the user set is passed, so every
 * other default (rate limit from the spec, retry policy, concurrency) stays the runtime's.
 * The runtime's own option checks throw `TypeError`; they become usage errors here.
 */
export async function createRuntime(
  options: ResolvedSetOptions,
  logger: Logger,
  /** `"reads"`: `--rate-limit` is the reads' budget (a command that only reads). @default "writes" */
  budget: "writes" | "reads" = "writes",
  /** Telemetry hooks, e.g. the job page's timeline recorder. */
  hooks: Hooks = {},
): Promise<BrazeRuntime> {
  const { apiKey, target, redisUrl, share, maxAttempts, timeoutMs, concurrency, failFastAfter } =
    options;
  const rateLimit = budget === "writes" ? options.rateLimit : undefined;
  const readRateLimit = budget === "reads" ? options.rateLimit : undefined;
  if (apiKey === undefined || target === undefined)
    throw new UsageError("missing API key or target");
  let store: RedisLimiterStore | undefined;
  try {
    // --redis-url: one budget for every process of the workspace (the runtime does not own a
    // store it is given, so closing the runtime closes the connection here).
    // Loaded only when asked for: ioredis costs startup time and memory a plain run does not need.
    store =
      redisUrl === undefined
        ? undefined
        : new (await import("@braze-subscriptions/runtime/redis")).RedisLimiterStore({
            url: redisUrl,
          });
    const runtime = createBrazeRuntime({
      ...hooks,
      apiKey,
      ...target,
      logger,
      logLevel: options.logLevel,
      ...(rateLimit === undefined && store === undefined && share === undefined
        ? {}
        : {
            rateLimit: {
              ...(rateLimit === undefined
                ? {}
                : { limit: rateLimit.limit, intervalMs: rateLimit.intervalMs }),
              ...(store === undefined ? {} : { store }),
              ...(store === undefined || options.redisNamespace === undefined
                ? {}
                : { namespace: options.redisNamespace }),
              ...(share === undefined ? {} : { share }),
            },
          }),
      ...(readRateLimit === undefined
        ? {}
        : { readRateLimit: { limit: readRateLimit.limit, intervalMs: readRateLimit.intervalMs } }),
      ...(maxAttempts === undefined ? {} : { retry: { maxAttempts } }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(failFastAfter === undefined ? {} : { failFast: { consecutive: failFastAfter } }),
      ...hooks,
    });
    if (store === undefined) return runtime;
    await storeReady(store);
    const shared = store;
    const close = runtime.close.bind(runtime);
    return Object.assign(runtime, { close: () => close().finally(() => shared.close()) });
  } catch (error) {
    void store?.close();
    if (error instanceof TypeError) throw new UsageError(error.message, { cause: error });
    throw error;
  }
}

/**
 * An unreachable Redis, or one refusing the password, is a usage error before anything is
 * sent: otherwise the job would sit waiting for a rate-limit slot that cannot come.
 */
async function storeReady(store: RedisLimiterStore): Promise<void> {
  try {
    await store.ready(REDIS_START_TIMEOUT_MS);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(
      `cannot use Redis (--redis-url or BRAZE_REDIS_URL): ${reason}; nothing was sent to Braze`,
      { cause: error },
    );
  }
}
