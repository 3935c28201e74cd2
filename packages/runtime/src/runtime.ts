import { type BrazeClient, createClient } from "@braze-subscriptions/client";
import type { PlanOptions, SetStatusPlan } from "./bulk/plan-set-status.js";
import {
  type SetStatusInput,
  type SetStatusOptions,
  setStatusOptionNames,
} from "./bulk/set-status-input.js";
import { runSetStatus } from "./bulk/set-status-stream.js";
import { type BulkContext, newProgress } from "./bulk/write-job.js";
import { Coalescer, type EnqueueInput, type SingleIdentifier } from "./coalesce/coalescer.js";
import { type PerEventOptions, perEventOptionNames } from "./coalesce/per-event-options.js";
import { GroupBreakers } from "./fail-fast/group-breakers.js";
import {
  type PreflightCheck,
  type PreflightJob,
  type PreflightOptions,
  preflightOptionNames,
} from "./fail-fast/preflight-read.js";
import { type PreflightRequest, readableRows } from "./fail-fast/preflight-request.js";
import { preflightRunner } from "./fail-fast/preflight-runner.js";
import { preflightRows } from "./fail-fast/rows-preflight.js";
import { systematicFailureReports } from "./fail-fast/systematic-failure-reports.js";
import { createBatchSender } from "./http/batch-sender.js";
import { createResilientFetch } from "./http/resilient-fetch.js";
import { Semaphore } from "./http/semaphore.js";
import {
  type SendableBody,
  type SendOptions,
  type SendResult,
  sendBody,
  sendOptionNames,
} from "./http/send-body.js";
import { RuntimeLifecycle } from "./lifecycle/runtime-lifecycle.js";
import type { BucketLimiter } from "./limiter/bucket-limiter.js";
import { type BucketRule, bucketLimiterFor } from "./limiter/bucket-limiter-for.js";
import { safeLogger } from "./logging/safe-logger.js";
import { limiterStoreEvents } from "./logging/store-events.js";
import { checkCallOptions } from "./options/call-options.js";
import {
  type CallOverrides,
  resolveCallOverrides,
  type TransportSettings,
} from "./options/call-overrides.js";
import { resolveRuntimeOptions } from "./options/resolve-runtime-options.js";
import type { RuntimeOptions } from "./options/runtime-options.js";
import { rejectionOf } from "./pipeline/call-rejection.js";
import { planSetStatus } from "./plan-set-status.js";
import {
  type GetStatusInput,
  type GetStatusOptions,
  getStatusOptionNames,
  newReadCounts,
  type ReadContext,
  runGetStatus,
} from "./reads/get-status-stream.js";
import { createReadSender } from "./reads/read-sender.js";
import {
  type ListUserGroupsOptions,
  listUserGroups,
  listUserGroupsOptionNames,
  type UserGroupsListing,
  type UserGroupsQuery,
} from "./reads/user-groups-listing.js";
import { createMultiGroupSender } from "./rows/multi-group-sender.js";
import {
  isRowSource,
  type RowContext,
  runSetRows,
  type SetStatusRows,
} from "./rows/run-set-rows.js";
import { readRulesOf } from "./spec/read-rules.js";
import { multiGroupRulesOf } from "./spec/v2-rules.js";
import type { RateLimitedEvent } from "./telemetry.js";
import type { BatchResult, Outcome, SetStatusResult } from "./vocabulary/outcome.js";
import type { GetStatusResult, ReadBatchResult, ReadOutcome } from "./vocabulary/read-outcome.js";

/** What {@link createBrazeRuntime} returns. */
export interface BrazeRuntime {
  /** Sets `state` for every identifier of the input; resolves with counts and every outcome. */
  setStatus(
    input: SetStatusInput | SetStatusRows,
    options?: SetStatusOptions,
  ): Promise<SetStatusResult>;
  /** Like `setStatus`, yielding outcomes request by request in bounded memory. */
  setStatusStream(
    input: SetStatusInput | SetStatusRows,
    options?: SetStatusOptions,
  ): AsyncIterable<BatchResult>;
  /**
   * Reads back the state of every identifier of the input in one group
   * (`GET /subscription/status/get`), on the read bucket of the spec (not the writes'):
   * batched to the spec's cap, one outcome per identifier (`subscribed`, `unsubscribed`,
   * `unknown`, or `invalid`/`duplicate`/`failed` as `setStatus` gives them). Like `setStatus`,
   * it rejects with the outcomes so far as `error.result`: a `BrazeAbortError` on abort, a
   * `BrazeInterruptedError` when the input source or a callback throws midway.
   */
  getStatus(input: GetStatusInput, options?: GetStatusOptions): Promise<GetStatusResult>;
  /** Like `getStatus`, yielding outcomes read by read in bounded memory. */
  getStatusStream(
    input: GetStatusInput,
    options?: GetStatusOptions,
  ): AsyncIterable<ReadBatchResult>;
  /**
   * Every user a lookup finds, with their subscription groups (`GET /subscription/user/status`),
   * page after page on the reads' budget: `for await (const user of runtime.listUserGroups({
   * email }))`, or `.pages()`. A page is read when the loop reaches it. A bad query throws
   * `BrazeValidationError` at once; a refused page throws the `BrazeApiError` subclass of its
   * status, as `send` does.
   */
  listUserGroups(query: UserGroupsQuery, options?: ListUserGroupsOptions): UserGroupsListing;
  /**
   * The preflight read of a job, on its own (e.g. before asking a person to confirm): reads
   * the state of the first valid identifier of `candidates` in the group, or for a job of rows
   * (`{ rows }`, its first rows) the groups as its own preflight would (a group Braze refuses
   * alone is listed in `refusedGroups` when another group passes). Resolves with what it found
   * (give it to `setStatus` as `preflight` so the job does not read again), or `undefined` when
   * no candidate is valid. A group id the spec refuses throws `BrazeValidationError`, nothing
   * read.
   */
  preflight(
    request: PreflightRequest,
    options?: PreflightOptions,
  ): Promise<PreflightCheck | undefined>;
  /** Counts what `setStatus` would send, sending nothing (paced by this runtime's limit). */
  planSetStatus(
    input: SetStatusInput | SetStatusRows,
    options?: PlanOptions,
  ): Promise<SetStatusPlan>;
  /** Subscribes one identifier, merged with concurrent calls into full requests (see `enqueue`). */
  subscribe(input: SingleIdentifier, options?: PerEventOptions): Promise<Outcome>;
  /** Unsubscribes one identifier, merged with concurrent calls into full requests (see `enqueue`). */
  unsubscribe(input: SingleIdentifier, options?: PerEventOptions): Promise<Outcome>;
  /**
   * Sets a state for one identifier, merged with concurrent calls into full requests. One
   * identifier's calls reach Braze in call order: a call whose identifier an unsettled request
   * of this runtime holds with another state or `useDoubleOptIn` waits until that request has
   * settled (retries included), then is sent; each call gets its own outcome. `signal` ends
   * the call with `BrazeAbortError`, its write taken back when it was not sent yet (see
   * {@link PerEventOptions}).
   */
  enqueue(input: EnqueueInput, options?: PerEventOptions): Promise<Outcome>;
  /**
   * Sends everything queued by `subscribe`/`unsubscribe`/`enqueue`, and calls waiting for an
   * earlier call of their identifier once it has settled; resolves when all settled.
   */
  flush(): Promise<void>;
  /**
   * Refuses every new call (`BrazeClosedError`), flushes the per-event calls, waits until every
   * running call (bulk jobs, streams until they end, reads, `send`) has settled, then releases
   * the default limiter store: a job running across `close()` keeps the server's budget
   * picture to its end.
   */
  close(): Promise<void>;
  /**
   * Sends one body as given (checked by the generated validator first) with rate limiting and
   * retries; throws `BrazeApiError` subclasses, `BrazeConnectionError`, `BrazeTimeoutError`,
   * `BrazeAbortError` or `BrazeValidationError`.
   */
  send(body: SendableBody, options?: SendOptions): Promise<SendResult>;
  /** The typed openapi-fetch client, with rate limiting and retries in its `fetch`. */
  readonly client: BrazeClient;
  /**
   * The same client on the reads' budget (the spec's read `x-rate-limit`), for the read
   * operations (`GET /subscription/user/status`, …) called directly.
   */
  readonly readClient: BrazeClient;
  /** Most requests this runtime keeps in flight at once (the resolved `concurrency` option). */
  readonly concurrency: number;
}

/**
 * Creates a runtime for `POST /subscription/status/set`: bulk and per-event calls, one rate
 * limiter per spec bucket (shared through `rateLimit.store`), retries with full jitter.
 *
 * @example
 * const braze = createBrazeRuntime({ instance: "EU-01" }); // the key from BRAZE_API_KEY
 * const result = await braze.setStatus({
 *   subscriptionGroupId: "5b2c…", state: "unsubscribed", emails: readLines("optouts.txt"),
 * });
 * console.log(result.succeeded, result.failed);
 */
export function createBrazeRuntime(options: RuntimeOptions = {}): BrazeRuntime {
  const config = resolveRuntimeOptions(options);
  const apiKey = config.client.apiKey;
  const logger = safeLogger(config.logger, apiKey);
  const { rateLimit } = config;
  let rateLimitedCount = 0;
  // What close() waits for before it releases the store, and what it refuses after.
  const lifecycle = new RuntimeLifecycle();

  // The store stopping and starting to answer (Redis down): logged, and told to the hooks.
  const storeEvents = limiterStoreEvents(config.hooks, config.clock, logger, apiKey);
  const limiterOf = (rule: BucketRule) =>
    bucketLimiterFor(rule, rateLimit, config.clock, logger, storeEvents);
  const limiter = limiterOf(rateLimit);
  // Reads draw on a bucket of their own (the spec's x-rate-limit of the status read).
  const readRules = { ...readRulesOf(), ...config.readRateLimit };
  const readLimiter = limiterOf(readRules);
  const hooks = {
    ...config.hooks,
    onRateLimited: (event: RateLimitedEvent) => {
      rateLimitedCount++;
      config.hooks.onRateLimited?.(event);
    },
  };
  // A client per limiter; a call with its own timeoutMs/retry gets one of its own (cheap: the
  // limiter, semaphore and store stay shared, so the rate limit still holds across calls).
  const clientOn = (bucketLimiter: BucketLimiter, transport: TransportSettings = config) =>
    createClient({
      // Resolved once above: createClient takes them as they are.
      ...config.client,
      fetch: lifecycle.guardFetch(
        createResilientFetch({
          fetch: config.client.fetch,
          limiter: bucketLimiter,
          retry: transport.retry,
          timeoutMs: transport.timeoutMs,
          clock: config.clock,
          random: config.random,
          apiKey,
          hooks,
          logger,
        }),
      ),
    });
  const client = clientOn(limiter);
  const readClient = clientOn(readLimiter);
  const runPreflight = preflightRunner({
    limiter,
    readLimiter,
    runtimeReader: { reader: readClient, timeoutMs: config.timeoutMs },
    apiKey,
    logger,
  });
  const failureReports = systematicFailureReports(
    config.hooks.onSystematicFailure,
    logger,
    config.failFast.cooldownMs,
  );
  const semaphore = new Semaphore(config.concurrency, apiKey);
  const send = createBatchSender(client, semaphore, apiKey);
  const breakers = new GroupBreakers({
    ...config.failFast,
    clock: config.clock,
    onOpen: failureReports.perEvent,
  });
  const coalescer = new Coalescer(send, config.coalesceDelayMs, breakers, apiKey);
  /** A per-event call: its options checked (a `TypeError` naming the option), then queued. */
  const perEvent = (call: string, input: EnqueueInput, callOptions: PerEventOptions = {}) => {
    try {
      checkCallOptions(call, callOptions, perEventOptionNames);
    } catch (error) {
      return Promise.reject(error);
    }
    return coalescer.enqueue(input, callOptions.signal);
  };
  const reads: ReadContext = {
    send: createReadSender(readClient, readRules.path, semaphore, apiKey),
    apiKey,
    rules: readRules,
    concurrency: config.concurrency,
    failFastConsecutive: config.failFast.consecutive,
  };
  const bulk: BulkContext = {
    send,
    apiKey,
    concurrency: config.concurrency,
    rateLimitedCount: () => rateLimitedCount,
    preflight: (job, signal, ofRows) => runPreflight(job, signal, "writes", ofRows),
    failFastConsecutive: config.failFast.consecutive,
    onSystematicFailure: failureReports.bulk,
  };
  const readsFor = (call: string, overrides: CallOverrides): ReadContext => {
    const transport = resolveCallOverrides(call, overrides, config, getStatusOptionNames);
    if (transport === undefined) return reads;
    const sender = clientOn(readLimiter, transport);
    return { ...reads, send: createReadSender(sender, readRules.path, semaphore, apiKey) };
  };

  // Rows carrying their own group and state go through the multi-group write, packed, on
  // the same client (and budget) as the one-group writes.
  const rowRules = multiGroupRulesOf();
  const rowsOn = (writer: BrazeClient): RowContext => ({
    send: createMultiGroupSender({ client: writer, semaphore, apiKey }, rowRules),
    rules: rowRules,
  });
  const rows = rowsOn(client);
  /** The writes of one call: the runtime's, or on a client of the call's own transport. */
  const writersFor = (call: string, overrides: CallOverrides) => {
    const transport = resolveCallOverrides(call, overrides, config, setStatusOptionNames);
    if (transport === undefined) return { bulk, rows };
    const writer = clientOn(limiter, transport);
    const on = { reader: clientOn(readLimiter, transport), timeoutMs: transport.timeoutMs };
    return {
      bulk: {
        ...bulk,
        send: createBatchSender(writer, semaphore, apiKey),
        preflight: (job: PreflightJob, signal: AbortSignal, ofRows?: boolean) =>
          runPreflight(job, signal, "writes", ofRows, on),
      },
      rows: rowsOn(writer),
    };
  };
  const runBulk = (
    writers: ReturnType<typeof writersFor>,
    input: SetStatusInput | SetStatusRows,
    callOptions: SetStatusOptions,
    progress: ReturnType<typeof newProgress>,
  ) =>
    isRowSource(input)
      ? runSetRows(writers.bulk, writers.rows, input, callOptions, progress)
      : runSetStatus(writers.bulk, input, callOptions, progress);

  return {
    client,
    readClient,
    concurrency: config.concurrency,
    send(body, sendOptions = {}) {
      return lifecycle.run("send", async () => {
        const transport = resolveCallOverrides("send", sendOptions, config, sendOptionNames);
        const sender = transport === undefined ? client : clientOn(limiter, transport);
        return sendBody(sender, semaphore, body, { ...sendOptions, apiKey });
      });
    },
    setStatusStream(input, callOptions = {}) {
      const writers = writersFor("setStatusStream", callOptions);
      return lifecycle.stream("setStatusStream", () =>
        runBulk(writers, input, callOptions, newProgress()),
      );
    },
    setStatus: (input, callOptions = {}) =>
      lifecycle.run("setStatus", () => setStatus(input, callOptions)),
    listUserGroups(query, callOptions = {}) {
      lifecycle.admit("listUserGroups");
      const transport = resolveCallOverrides(
        "listUserGroups",
        callOptions,
        config,
        listUserGroupsOptionNames,
      );
      const reader = transport === undefined ? readClient : clientOn(readLimiter, transport);
      return listUserGroups({ client: reader, semaphore, apiKey }, query, callOptions);
    },
    getStatusStream(input, callOptions = {}) {
      const context = readsFor("getStatusStream", callOptions);
      return lifecycle.stream("getStatusStream", () =>
        runGetStatus(context, input, callOptions, newReadCounts()),
      );
    },
    getStatus: (input, callOptions = {}) =>
      lifecycle.run("getStatus", () => getStatus(input, callOptions)),
    preflight: (request, preflightOptions = {}) =>
      lifecycle.run("preflight", () => preflight(request, preflightOptions)),
    planSetStatus(input, planOptions = {}) {
      return planSetStatus(input, {
        rateLimit: { limit: limiter.rule.limit, intervalMs: limiter.rule.intervalMs },
        ...planOptions,
      });
    },
    subscribe: (input, callOptions) =>
      perEvent("subscribe", { ...input, state: "subscribed" }, callOptions),
    unsubscribe: (input, callOptions) =>
      perEvent("unsubscribe", { ...input, state: "unsubscribed" }, callOptions),
    enqueue: (input, callOptions) => perEvent("enqueue", input, callOptions),
    flush: () => coalescer.flush(),
    // The store outlives every call running: released once they have all settled.
    close: () =>
      lifecycle.close(
        () => coalescer.close(),
        async () => {
          if (rateLimit.ownsStore) await rateLimit.store.close?.();
        },
      ),
  };

  /** The one-shot bulk write: the stream's outcomes collected, rejecting with them on error. */
  async function setStatus(
    input: SetStatusInput | SetStatusRows,
    callOptions: SetStatusOptions,
  ): Promise<SetStatusResult> {
    const started = config.clock.now();
    const progress = newProgress();
    const outcomes: Outcome[] = [];
    const result = (): SetStatusResult => ({
      total: progress.total,
      valid: progress.valid,
      invalid: progress.invalid,
      duplicates: progress.duplicates,
      succeeded: progress.succeeded,
      failed: progress.failed,
      notSent: progress.notSent,
      requests: progress.requests,
      retries: progress.retries,
      elapsedMs: config.clock.now() - started,
      ...(progress.stopped ? { stopped: progress.stopped } : {}),
      outcomes,
    });
    const writers = writersFor("setStatus", callOptions);
    try {
      for await (const batch of runBulk(writers, input, callOptions, progress)) {
        for (const outcome of batch.outcomes) outcomes.push(outcome);
      }
    } catch (error) {
      throw rejectionOf("setStatus", error, result, apiKey);
    }
    return result();
  }

  /** The one-shot read back, as `setStatus` collects its outcomes. */
  async function getStatus(
    input: GetStatusInput,
    callOptions: GetStatusOptions,
  ): Promise<GetStatusResult> {
    const started = config.clock.now();
    const counts = newReadCounts();
    const outcomes: ReadOutcome[] = [];
    const result = (): GetStatusResult => ({
      ...counts,
      elapsedMs: config.clock.now() - started,
      outcomes,
    });
    const context = readsFor("getStatus", callOptions);
    try {
      for await (const batch of runGetStatus(context, input, callOptions, counts)) {
        for (const outcome of batch.outcomes) outcomes.push(outcome);
      }
    } catch (error) {
      // The states read so far cost the shared read budget: they go with the error.
      throw rejectionOf("getStatus", error, result, apiKey);
    }
    return result();
  }

  /** The preflight read alone (see `BrazeRuntime.preflight`). */
  async function preflight(
    request: PreflightRequest,
    preflightOptions: PreflightOptions,
  ): Promise<PreflightCheck | undefined> {
    checkCallOptions("preflight", preflightOptions, preflightOptionNames);
    const rows = readableRows(request);
    const read = (job: PreflightJob) =>
      runPreflight(job, preflightOptions.signal, preflightOptions.purpose, "rows" in request);
    if ("rows" in request) return preflightRows(read, rows);
    for (const job of rows) return read(job);
    return undefined;
  }
}
