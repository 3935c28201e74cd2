import type { Clock } from "../clock.js";
import { BrazeLimiterUnavailableError } from "../errors/limiter-errors.js";
import { redact, safeCause } from "../errors/redact.js";
import { BrazeConnectionError, BrazeTimeoutError } from "../errors/transport-errors.js";
import { BrazeUnexpectedResponseError } from "../errors/unexpected-response-error.js";
import type { BucketLimiter } from "../limiter/bucket-limiter.js";
import { observeResponse } from "../limiter/observe-response.js";
import { readRateLimitHints } from "../limiter/rate-limit-headers.js";
import {
  backoffDelayMs,
  isRetryableStatus,
  MAX_UNEXPECTED_ATTEMPTS,
  type RetryPolicy,
} from "../retry/retry-policy.js";
import { wireSignal } from "../signals/stop-sending.js";
import {
  callHook,
  type FailureReason,
  type Hooks,
  type Logger,
  type ResponseEvent,
} from "../telemetry.js";
import { abortErrorOf } from "./abort-error.js";
import { recordAttempts } from "./attempts.js";
import { judgeAnswer, type UnexpectedAnswer } from "./judge-answer.js";
import { findOperation, maxResponseBytesOf, operationOf } from "./operation-of.js";
import { readBounded } from "./read-bounded.js";

/** What {@link createResilientFetch} needs. */
export interface ResilientFetchConfig {
  fetch: typeof globalThis.fetch;
  limiter: BucketLimiter;
  retry: RetryPolicy;
  timeoutMs: number;
  clock: Clock;
  random: () => number;
  /** Only used to scrub texts of foreign errors (and of an abort's reason). */
  apiKey: string;
  hooks: Hooks;
  logger: Logger | undefined;
}

/** A grant's lease (`RateLimitRule.leaseMs`) in attempt timeouts. */
const LEASE_TIMEOUTS = 2;

const NULL_BODY_STATUSES = new Set([101, 204, 205, 304]);

/**
 * A `fetch` for openapi-fetch that keeps the rate limit and retries. Every attempt takes a slot
 * from the limiter, runs under its own timeout and the caller's signal, and has its body read
 * inside the attempt (a reset mid-body is retried too), up to the spec's
 * `x-max-response-bytes` (the rest is discarded unread). Headers of every response correct the
 * limiter. Redirects are never followed. The final response is returned as is (even a 5xx after
 * the last retry, so the body reaches the caller); transport failures after the last retry
 * throw typed errors, and so does an answer that is not a documented success
 * ({@link BrazeUnexpectedResponseError}: a redirect at once, a bad 2xx after one more try).
 */
export function createResilientFetch(config: ResilientFetchConfig): typeof globalThis.fetch {
  const { limiter, retry, clock, hooks, logger } = config;

  return async function resilientFetch(input, init) {
    const original = input instanceof Request ? input : new Request(input, init);
    const callerSignal = original.signal;
    // Text, not an ArrayBuffer: a string cannot be detached or consumed by a transport, so every
    // attempt (and a redirect a custom fetch insists on following) sends it whole. The spec's
    // request bodies are JSON, so text is exact.
    const body = original.body ? await original.text() : null;
    const specOperation = findOperation(original.method, original.url);
    const maxResponseBytes = maxResponseBytesOf(specOperation);
    let unexpectedAttempts = 0;
    const start = clock.now();
    const deadline = start + retry.maxElapsedMs;
    const operation = operationOf(original.method, original.url);

    for (let attempt = 1; ; attempt++) {
      let ticket: number;
      try {
        // Every attempt is answered or given up (and settled) within its timeout: a grant
        // unanswered for twice that was left by a process that died (another one sharing the
        // store must not wait for it for good). Twice: a stalled event loop fires timers late.
        ticket = await limiter.take(callerSignal, deadline, LEASE_TIMEOUTS * config.timeoutMs);
      } catch (error) {
        if (callerSignal.aborted) throw abortErrorOf(callerSignal, attempt - 1, config.apiKey);
        // A store that refuses for good: this attempt never left (0 on the first: nothing was
        // sent, so a job reports its identifiers not sent).
        if (error instanceof BrazeLimiterUnavailableError && error.permanent) {
          recordAttempts(error, attempt - 1);
        }
        throw error;
      }
      callHook(
        hooks.onRequest,
        { operation, method: original.method, url: original.url, attempt },
        logger,
      );

      // On the wire, a graceful stop lets the attempt reach its answer (see StopSending).
      const attemptSignal = wireSignal(callerSignal);
      let timedOut = false;
      let late: ReturnType<typeof setTimeout> | undefined;
      // The abort waits for the event loop's next turn: after a stall (a busy machine, a long
      // synchronous task), due timers run before sockets are read, so an answer that arrived
      // in time would be thrown away as a timeout, and its request sent again. A second timer
      // (not `setImmediate`, which browsers lack) runs only after the loop has read sockets.
      const timer = setTimeout(() => {
        late = setTimeout(() => {
          timedOut = true;
          attemptSignal.controller.abort(new BrazeTimeoutError(config.timeoutMs));
        }, 0);
      }, config.timeoutMs);
      let response: Response | undefined;
      let unexpected: UnexpectedAnswer | undefined;
      let failure: FailureReason;
      let failureError: unknown;
      const sentAt = clock.now();
      try {
        // URL and init rather than a new Request: fetch builds its own Request anyway, so this
        // saves constructing one per attempt.
        const sent = await config.fetch(original.url, {
          method: original.method,
          headers: original.headers,
          body,
          // A redirect would resend the request (and its API key) to a host we did not choose,
          // or turn it into a GET that applies nothing: it is a failure, never followed.
          redirect: "manual",
          signal: attemptSignal.signal,
        });
        const read = await readBounded(sent, maxResponseBytes);
        response = new Response(NULL_BODY_STATUSES.has(sent.status) ? null : read.bytes, {
          status: sent.status,
          statusText: sent.statusText,
          headers: sent.headers,
        });
        const latencyMs = clock.now() - sentAt;
        logger?.debug("response", {
          operation,
          status: response.status,
          attempt,
          latencyMs: Math.round(latencyMs),
        });
        if (hooks.onResponse) {
          const event = responseEvent(
            operation,
            response.status,
            attempt,
            latencyMs,
            response.headers,
          );
          callHook(hooks.onResponse, event, logger);
        }
        await observeResponse(response, config, attempt, ticket);
        unexpected = judgeAnswer({
          response: sent,
          body: read,
          requestUrl: original.url,
          operationId: specOperation?.operationId,
          apiKey: config.apiKey,
        });
        if (unexpected === undefined && !isRetryableStatus(response.status)) {
          recordAttempts(response, attempt);
          return response;
        }
        failure = unexpected
          ? { status: unexpected.status, code: "unexpected_response", message: unexpected.message }
          : {
              status: response.status,
              code: `http_${response.status}`,
              message: `HTTP ${response.status}`,
            };
      } catch (error) {
        limiter.settle(ticket);
        if (callerSignal.aborted) throw abortErrorOf(callerSignal, attempt, config.apiKey);
        failureError = error;
        failure = timedOut
          ? { code: "timeout", message: `no answer within ${config.timeoutMs} ms` }
          : { code: "connection", message: redact(describeError(error), config.apiKey) };
        logger?.debug("no response", {
          operation,
          code: failure.code,
          attempt,
          latencyMs: Math.round(clock.now() - sentAt),
        });
      } finally {
        clearTimeout(timer);
        clearTimeout(late);
        attemptSignal.release();
      }

      // A 429 already paused the bucket until the server's reset; the limiter does the waiting.
      // Other answers may still say when to come back (Retry-After on a 503).
      const delayMs =
        response?.status === 429
          ? 0
          : Math.max(
              backoffDelayMs(retry, attempt, config.random),
              retryAfterMs(response, clock.now()),
            );
      // A redirect will redirect again. A wrong 2xx (a login page, a cut-off body) may be a
      // passing proxy fault, and resending is safe (setting a state is idempotent), but it more
      // often means a wrong base URL: one more try, not the whole budget of the shared limit.
      if (unexpected) unexpectedAttempts++;
      const giveUp =
        attempt >= retry.maxAttempts ||
        clock.now() + delayMs > deadline ||
        unexpected?.redirect === true ||
        unexpectedAttempts >= MAX_UNEXPECTED_ATTEMPTS;
      if (giveUp) {
        if (unexpected) {
          const error = new BrazeUnexpectedResponseError(unexpected.message, {
            ...unexpected,
            attempts: attempt,
          });
          recordAttempts(error, attempt);
          throw error;
        }
        if (response) {
          recordAttempts(response, attempt);
          return response;
        }
        const error =
          failure.code === "timeout"
            ? new BrazeTimeoutError(config.timeoutMs)
            : new BrazeConnectionError(`Could not reach Braze: ${failure.message}`, {
                cause: safeCause(failureError, config.apiKey),
              });
        recordAttempts(error, attempt);
        throw error;
      }
      callHook(hooks.onRetry, { attempt, delayMs, reason: failure }, logger);
      logger?.warn("retrying a Braze request", {
        attempt,
        delayMs: Math.round(delayMs),
        ...failure,
      });
      try {
        await clock.sleep(delayMs, callerSignal);
      } catch {
        throw abortErrorOf(callerSignal, attempt, config.apiKey);
      }
    }
  };
}

function responseEvent(
  operation: string,
  status: number,
  attempt: number,
  latencyMs: number,
  headers: Headers,
): ResponseEvent {
  const { limit, remaining, resetAtMs } = readRateLimitHints(headers, 0);
  return {
    operation,
    status,
    attempt,
    latencyMs,
    rateLimit: {
      ...(limit === undefined ? {} : { limit }),
      ...(remaining === undefined ? {} : { remaining }),
      ...(resetAtMs === undefined ? {} : { resetEpochMs: resetAtMs }),
    },
  };
}

function retryAfterMs(response: Response | undefined, now: number): number {
  if (!response) return 0;
  const { retryAtMs } = readRateLimitHints(response.headers, now);
  return retryAtMs === undefined ? 0 : Math.max(0, retryAtMs - now);
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return `${error.message} (${typeof code === "string" ? `${code}: ` : ""}${cause.message})`;
  }
  return error.message;
}
