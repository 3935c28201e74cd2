import type { BrazeClient } from "@braze-subscriptions/client";
import { type BatchSendResult, verdictOfAnswer, verdictOfThrown } from "../http/batch-sender.js";
import { linkedSignal } from "../http/linked-signal.js";
import type { Semaphore } from "../http/semaphore.js";
import type { AcceptedRow } from "./row-packer.js";
import type { MultiGroupRules } from "./v2-rules.js";

/** Sends rows of several groups as one multi-group request (one entry per group and state). */
export type MultiGroupSender = (
  rows: AcceptedRow[],
  signal?: AbortSignal,
) => Promise<BatchSendResult>;

/** Creates the sender of multi-group requests, on the writes' client (budget shared with v1). */
export function createMultiGroupSender(
  client: BrazeClient,
  rules: MultiGroupRules,
  semaphore: Semaphore,
  apiKey: string,
): MultiGroupSender {
  return (rows, signal) =>
    semaphore.run(async () => {
      const groups = new Map<string, Record<string, unknown>>();
      for (const row of rows) {
        const key = `${row.state}\u0000${row.subscriptionGroupId}`;
        let group = groups.get(key);
        if (group === undefined) {
          group = { subscription_group_id: row.subscriptionGroupId, subscription_state: row.state };
          groups.set(key, group);
        }
        const field = rules.fieldOf[row.type];
        const ids = (group[field] as string[] | undefined) ?? [];
        ids.push(row.id);
        group[field] = ids;
      }
      const body = { [rules.groupsField]: [...groups.values()] };
      const link = linkedSignal(signal);
      try {
        const { error, response } = await client.POST(rules.path as "/v2/subscription/status/set", {
          body: body as never,
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
