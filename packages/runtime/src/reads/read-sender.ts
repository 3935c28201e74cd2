import type { BrazeClient } from "@braze-subscriptions/client";
import { attemptsOf } from "../http/attempts.js";
import type { Semaphore } from "../http/semaphore.js";
import { type SendVerdict, verdictOfAnswer, verdictOfThrown } from "../http/send-verdict.js";
import { linkedSignal } from "../signals/linked-signal.js";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
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
  | Extract<SendVerdict, { ok: false }>;

/** Sends one read through a client whose `fetch` keeps the read bucket's limit and retries. */
export type ReadSender = (batch: ReadBatch, signal?: AbortSignal) => Promise<ReadSendResult>;

/**
 * Creates the function that turns a {@link ReadBatch} into one `GET` of the status read and
 * the state of each identifier. States are lower-cased (`Subscribed` → `subscribed`); what
 * Braze answers for an identifier is kept as given when it is none of the known states, so
 * the caller can fail that identifier with the text. A refusal is judged as a write's is.
 */
export function createReadSender(
  client: BrazeClient,
  path: string,
  semaphore: Semaphore,
  apiKey: string,
): ReadSender {
  return (batch, signal) =>
    semaphore
      .run(async (): Promise<ReadSendResult> => {
        const link = linkedSignal(signal);
        try {
          const query = {
            subscription_group_id: batch.subscriptionGroupId,
            [batch.type]: batch.ids,
          };
          const { data, error, response } = await client.GET(path as "/subscription/status/get", {
            params: { query: query as never },
            signal: link.signal,
          });
          if (!response.ok) return verdictOfAnswer(response, error, apiKey) as ReadSendResult;
          const states = new Map<string, string>();
          const status = (data as { status?: unknown } | undefined)?.status;
          if (status !== null && typeof status === "object") {
            for (const [id, state] of Object.entries(status))
              states.set(id, typeof state === "string" ? state.toLowerCase() : String(state));
          }
          return { ok: true, status: response.status, attempts: attemptsOf(response), states };
        } catch (thrown) {
          return verdictOfThrown(thrown, apiKey) as ReadSendResult;
        } finally {
          link.release();
        }
        // The call's signal also ends the wait for a slot other calls hold (0 attempts).
      }, signal)
      .catch((thrown: unknown) => verdictOfThrown(thrown, apiKey) as ReadSendResult);
}
