import type { BrazeClient } from "@braze-subscriptions/client";
import { messageOf } from "../errors/api-errors.js";
import { BrazeLimiterUnavailableError } from "../errors/limiter-errors.js";
import { redact } from "../errors/redact.js";
import {
  BrazeAbortError,
  BrazeConnectionError,
  BrazeTimeoutError,
} from "../errors/transport-errors.js";
import { BrazeUnexpectedResponseError } from "../errors/unexpected-response-error.js";
import { isRetryableStatus } from "../retry/retry-policy.js";
import { linkedSignal } from "../signals/linked-signal.js";
import type { FailureInfo } from "../vocabulary/outcome.js";
import { attemptsOf } from "./attempts.js";
import type { Semaphore } from "./semaphore.js";

/**
 * How a request ended. `fatal` failures (401, 403, 404, a redirect, a rate-limit store that
 * refuses for good) will not get better for later batches.
 */
export type SendVerdict =
  | { ok: true; status: number; attempts: number }
  | { ok: false; error: FailureInfo; attempts: number; fatal: boolean };

const FATAL_STATUSES = new Set([401, 403, 404]);

/** What every request of a job is sent with. */
export interface Exchange {
  /** The typed client whose `fetch` keeps the bucket's limit and retries. */
  client: BrazeClient;
  /** The runtime's requests in flight (bulk and per-event together). */
  semaphore: Semaphore;
  /** Scrubbed from every message. */
  apiKey: string;
}

/**
 * Posts one body in a concurrency slot, linked to the job's signal while it waits for the slot
 * and for as long as it runs, and judges the answer: the one exchange behind every write (v1
 * and v2).
 */
export function postForVerdict(
  { client, semaphore, apiKey }: Exchange,
  path: string,
  body: unknown,
  signal: AbortSignal | undefined,
): Promise<SendVerdict> {
  return semaphore
    .run(async () => {
      const link = linkedSignal(signal);
      try {
        const { error, response } = await client.POST(
          path as never,
          {
            body: body as never,
            parseAs: "text",
            signal: link.signal,
          } as never,
        );
        return verdictOfAnswer(response, error, apiKey);
      } catch (thrown) {
        return verdictOfThrown(thrown, apiKey);
      } finally {
        link.release();
      }
      // The job's signal also ends the wait for a slot that other calls hold (0 attempts: its
      // items end as never sent).
    }, signal)
    .catch((thrown: unknown) => verdictOfThrown(thrown, apiKey));
}

/** The verdict on an answer that came back (a non-2xx; a 2xx reaching here matched the spec). */
export function verdictOfAnswer(response: Response, error: unknown, apiKey: string): SendVerdict {
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
export function verdictOfThrown(thrown: unknown, apiKey: string): SendVerdict {
  const attempts = attemptsOf(thrown);
  // A redirect answers every batch the same way, like a 404, and a store that refused for good
  // (a foreign value at the bucket's key, a refused permission) refuses every batch: fail the
  // rest unsent.
  const fatal =
    (thrown instanceof BrazeUnexpectedResponseError && thrown.redirect) ||
    (thrown instanceof BrazeLimiterUnavailableError && thrown.permanent);
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
