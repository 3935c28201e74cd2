import { type Exchange, postForVerdict, type SendVerdict } from "../http/send-verdict.js";
import type { MultiGroupRules } from "../spec/v2-rules.js";
import type { AcceptedRow } from "./row-packer.js";

/** Sends rows of several groups as one multi-group request (one entry per group and state). */
export type MultiGroupSender = (rows: AcceptedRow[], signal?: AbortSignal) => Promise<SendVerdict>;

/** Creates the sender of multi-group requests, on the writes' client (budget shared with v1). */
export function createMultiGroupSender(
  exchange: Exchange,
  rules: MultiGroupRules,
): MultiGroupSender {
  return (rows, signal) => postForVerdict(exchange, rules.path, bodyOf(rows, rules), signal);
}

/**
 * The v2 body: one entry per group, state and double opt-in, each with its identifiers under
 * their type's field.
 */
function bodyOf(rows: AcceptedRow[], rules: MultiGroupRules): Record<string, unknown> {
  const groups = new Map<string, Record<string, unknown>>();
  for (const row of rows) {
    const key = `${row.state}\u0000${row.useDoubleOptIn ?? ""}\u0000${row.subscriptionGroupId}`;
    let group = groups.get(key);
    if (group === undefined) {
      group = { subscription_group_id: row.subscriptionGroupId, subscription_state: row.state };
      if (row.useDoubleOptIn !== undefined) group.use_double_opt_in_logic = row.useDoubleOptIn;
      groups.set(key, group);
    }
    const field = rules.fieldOf[row.type];
    const ids = (group[field] as string[] | undefined) ?? [];
    ids.push(row.id);
    group[field] = ids;
  }
  return { [rules.groupsField]: [...groups.values()] };
}
