import type { BrazeClient } from "@braze-subscriptions/client";
import { messageOf } from "../errors/api-errors.js";
import { redact } from "../errors/redact.js";
import { attemptsOf } from "../http/attempts.js";
import { type BatchSendResult, failureOf } from "../http/batch-sender.js";
import { linkedSignal } from "../http/linked-signal.js";
import type { Semaphore } from "../http/semaphore.js";
import { isRetryableStatus } from "../retry/retry-policy.js";
import type { AcceptedRow } from "./row-packer.js";
import type { MultiGroupRules } from "./v2-rules.js";

const FATAL_STATUSES = new Set([401, 403, 404]);

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
      } catch (thrown) {
        const attempts = attemptsOf(thrown);
        return { ok: false, attempts, fatal: false, error: failureOf(thrown, attempts, apiKey) };
      } finally {
        link.release();
      }
    });
}
