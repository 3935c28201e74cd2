import type { BrazeClient, SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { messageOf } from "../errors/api-errors.js";
import { BrazeLimiterUnavailableError } from "../errors/limiter-errors.js";
import { redact } from "../errors/redact.js";
import {
  BrazeAbortError,
  BrazeConnectionError,
  BrazeTimeoutError,
} from "../errors/transport-errors.js";
import { BrazeUnexpectedResponseError } from "../errors/unexpected-response-error.js";
import { setStatusOperation } from "../identifiers/spec-rules.js";
import { isRetryableStatus } from "../retry/retry-policy.js";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
import type { FailureInfo } from "../vocabulary/outcome.js";
import { attemptsOf } from "./attempts.js";
import { linkedSignal } from "./linked-signal.js";
import type { Semaphore } from "./semaphore.js";

/** One request: a group, a state, and identifiers of one type (at most the spec's cap). */
export interface Batch {
  subscriptionGroupId: string;
  state: "subscribed" | "unsubscribed";
  type: IdentifierType;
  ids: string[];
  useDoubleOptIn?: boolean;
}

/**
 * How a request ended. `fatal` failures (401, 403, 404, a redirect) will not get better for
 * later batches.
 */
export type BatchSendResult =
  | { ok: true; status: number; attempts: number }
  | { ok: false; error: FailureInfo; attempts: number; fatal: boolean };

/** Sends one batch through the typed client (whose `fetch` keeps the limit and retries). */
export type BatchSender = (batch: Batch, signal?: AbortSignal) => Promise<BatchSendResult>;

const FATAL_STATUSES = new Set([401, 403, 404]);

/** Creates the function that turns a {@link Batch} into one HTTP exchange and a verdict. */
export function createBatchSender(
  client: BrazeClient,
  semaphore: Semaphore,
  apiKey: string,
): BatchSender {
  return (batch, signal) =>
    semaphore.run(async () => {
      const body = {
        subscription_group_id: batch.subscriptionGroupId,
        subscription_state: batch.state,
        [batch.type]: batch.ids,
        ...(batch.useDoubleOptIn === undefined
          ? {}
          : { use_double_opt_in_logic: batch.useDoubleOptIn }),
      } as SetSubscriptionStatusBody;
      const link = linkedSignal(signal);
      try {
        const { error, response } = await client.POST(setStatusOperation.path, {
          body,
          parseAs: "text",
          signal: link.signal,
        });
        return verdictOfAnswer(response, error, apiKey);
      } catch (thrown) {
        return verdictOfThrown(thrown, apiKey);
      } finally {
        link.release();
      }
    });
}

/** The verdict on an answer that came back (a non-2xx; a 2xx reaching here matched the spec). */
export function verdictOfAnswer(
  response: Response,
  error: unknown,
  apiKey: string,
): BatchSendResult {
  const attempts = attemptsOf(response);
  if (response.ok) return { ok: true, status: response.status, attempts };
  const status = response.status;
  const message = redact(messageOf(error), apiKey);
  const exhausted = isRetryableStatus(status) && attempts > 1;
  return {
    ok: false,
    attempts,
    fatal: FATAL_STATUSES.has(status),
    error: exhausted
      ? {
          status,
          code: "retries_exhausted",
          message: `${message} (HTTP ${status}, gave up after ${attempts} attempts)`,
        }
      : { status, code: `http_${status}`, message },
  };
}

/** The verdict on a request that threw (transport, limiter, abort, an unexpected answer). */
export function verdictOfThrown(thrown: unknown, apiKey: string): BatchSendResult {
  const attempts = attemptsOf(thrown);
  // A redirect answers every batch the same way, like a 404: fail the rest unsent.
  const fatal = thrown instanceof BrazeUnexpectedResponseError && thrown.redirect;
  return { ok: false, attempts, fatal, error: failureOf(thrown, attempts, apiKey) };
}

/** The {@link FailureInfo} of a request that threw (transport, limiter, abort), key scrubbed. */
export function failureOf(thrown: unknown, attempts: number, apiKey: string): FailureInfo {
  if (thrown instanceof BrazeAbortError) return { code: "aborted", message: thrown.message };
  if (thrown instanceof BrazeUnexpectedResponseError) {
    // Kept as `unexpected_response` even after a retry: the code says what went wrong.
    const tries = attempts > 1 ? ` (gave up after ${attempts} attempts)` : "";
    return {
      status: thrown.status,
      code: thrown.code,
      message: redact(`${thrown.message}${tries}`, apiKey),
    };
  }
  if (thrown instanceof BrazeLimiterUnavailableError) {
    const cause = thrown.cause instanceof Error ? `: ${thrown.cause.message}` : "";
    return {
      code: "rate_limiter_unavailable",
      message: redact(`${thrown.message}${cause}`, apiKey),
    };
  }
  const kind =
    thrown instanceof BrazeTimeoutError
      ? "timeout"
      : thrown instanceof BrazeConnectionError
        ? "connection"
        : "internal";
  const message = redact(thrown instanceof Error ? thrown.message : String(thrown), apiKey);
  if (kind !== "internal" && attempts > 1) {
    return {
      code: "retries_exhausted",
      message: `${message} (gave up after ${attempts} attempts)`,
    };
  }
  return { code: kind, message };
}
