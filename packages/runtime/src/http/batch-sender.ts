import type { BrazeClient, SetSubscriptionStatusBody } from "@braze-subscriptions/client";
import { setStatusOperation } from "../spec/write-rules.js";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
import type { SubscriptionState } from "../vocabulary/subscription-state.js";
import type { Semaphore } from "./semaphore.js";
import { postForVerdict, type SendVerdict } from "./send-verdict.js";

/** One request: a group, a state, and identifiers of one type (at most the spec's cap). */
export interface Batch {
  subscriptionGroupId: string;
  state: SubscriptionState;
  type: IdentifierType;
  ids: string[];
  useDoubleOptIn?: boolean;
}

/** Sends one batch through the typed client (whose `fetch` keeps the limit and retries). */
export type BatchSender = (batch: Batch, signal?: AbortSignal) => Promise<SendVerdict>;

/** Creates the function that turns a {@link Batch} into one HTTP exchange and a verdict. */
export function createBatchSender(
  client: BrazeClient,
  semaphore: Semaphore,
  apiKey: string,
): BatchSender {
  return (batch, signal) =>
    postForVerdict({ client, semaphore, apiKey }, setStatusOperation.path, bodyOf(batch), signal);
}

/** The v1 body of a batch: its group, state and identifiers under the type's own field. */
function bodyOf(batch: Batch): SetSubscriptionStatusBody {
  return {
    subscription_group_id: batch.subscriptionGroupId,
    subscription_state: batch.state,
    [batch.type]: batch.ids,
    ...(batch.useDoubleOptIn === undefined
      ? {}
      : { use_double_opt_in_logic: batch.useDoubleOptIn }),
  } as SetSubscriptionStatusBody;
}
