import type { BrazeClient } from "@braze-subscriptions/client";
import { messageOf } from "../errors/api-errors.js";
import { redact } from "../errors/redact.js";
import { attemptsOf } from "../http/attempts.js";
import { failureOf } from "../http/batch-sender.js";
import { linkedSignal } from "../http/linked-signal.js";
import type { Semaphore } from "../http/semaphore.js";
import { isRetryableStatus } from "../retry/retry-policy.js";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
import type { FailureInfo } from "../vocabulary/outcome.js";
import type { ReadState } from "../vocabulary/read-outcome.js";

/** One read: a group and identifiers of one type (at most the spec's cap). */
export interface ReadBatch {
  subscriptionGroupId: string;
  type: IdentifierType;
  ids: string[];
}

/** How a read ended: each identifier's state (keyed as sent), or why it failed. */
export type ReadSendResult =
  | { ok: true; status: number; attempts: number; states: ReadonlyMap<string, ReadState | string> }
  | { ok: false; error: FailureInfo; attempts: number; fatal: boolean };

/** Sends one read through a client whose `fetch` keeps the read bucket's limit and retries. */
export type ReadSender = (batch: ReadBatch, signal?: AbortSignal) => Promise<ReadSendResult>;

const FATAL_STATUSES = new Set([401, 403, 404]);

/**
 * Creates the function that turns a {@link ReadBatch} into one `GET` of the status read and
 * the state of each identifier. States are lower-cased (`Subscribed` → `subscribed`); what
 * Braze answers for an identifier is kept as given when it is none of the known states, so
 * the caller can fail that identifier with the text.
 */
export function createReadSender(
  client: BrazeClient,
  path: string,
  semaphore: Semaphore,
  apiKey: string,
): ReadSender {
  return (batch, signal) =>
    semaphore.run(async () => {
      const link = linkedSignal(signal);
      try {
        const query = { subscription_group_id: batch.subscriptionGroupId, [batch.type]: batch.ids };
        const { data, error, response } = await client.GET(path as "/subscription/status/get", {
          params: { query: query as never },
          signal: link.signal,
        });
        const attempts = attemptsOf(response);
        if (response.ok) {
          const states = new Map<string, string>();
          const status = (data as { status?: unknown } | undefined)?.status;
          if (status !== null && typeof status === "object") {
            for (const [id, state] of Object.entries(status))
              states.set(id, typeof state === "string" ? state.toLowerCase() : String(state));
          }
          return { ok: true, status: response.status, attempts, states };
        }
        const code = response.status;
        const message = redact(messageOf(error), apiKey);
        const exhausted = isRetryableStatus(code) && attempts > 1;
        return {
          ok: false,
          attempts,
          fatal: FATAL_STATUSES.has(code),
          error: exhausted
            ? {
                status: code,
                code: "retries_exhausted",
                message: `${message} (HTTP ${code}, gave up after ${attempts} attempts)`,
              }
            : { status: code, code: `http_${code}`, message },
        };
      } catch (thrown) {
        const attempts = attemptsOf(thrown);
        return { ok: false, attempts, fatal: false, error: failureOf(thrown, attempts, apiKey) };
      } finally {
        link.release();
      }
    });
}
