import type { SetStatusRow } from "@braze-subscriptions/runtime";
import { isSubscriptionGroupId, isSubscriptionState } from "@braze-subscriptions/validators";
import type { IdentifierType } from "../input/identifier-type.js";
import type { InputRecord } from "../input/input-record.js";
import type { ReportLine } from "../report/report-line.js";
import type { JobGroups } from "./job-groups.js";

/**
 * A multi-group job's input row, as the runtime gets it (with the group and state its report
 * line shows), or its own `invalid` line when neither its cell nor a flag gives its group or
 * state. `set` and `set --dry-run` both read rows through it, so a dry run counts what the
 * real run sends.
 */
export type RowOfRecord =
  | { kind: "row"; row: SetStatusRow; target: { group: string; state: string } }
  | { kind: "invalid"; line: ReportLine };

/**
 * Reads one identifier record of a multi-group job: its cells, else the flags' defaults;
 * `doubleOptIn` (`--double-opt-in`) asks for the double opt-in flow on every row.
 */
export function rowOfRecord(
  record: InputRecord & { kind: "identifier" },
  defaults: JobGroups & { kind: "rows" },
  type: IdentifierType,
  doubleOptIn: boolean,
): RowOfRecord {
  const group = record.group || defaults.defaultGroup;
  const state = record.state || defaults.defaultState;
  if (!group || !state) {
    const missing = !group ? "group" : "state";
    return {
      kind: "invalid",
      line: {
        line: record.line,
        id: record.id,
        type,
        ...(group ? { group } : {}),
        ...(state ? { state } : {}),
        outcome: "invalid",
        error: {
          code: `missing_${missing}`,
          message: `the row has no ${missing}: its ${missing} cell is empty and no --${missing} was given`,
        },
      },
    };
  }
  return {
    kind: "row",
    // The state cell is checked by the runtime's validators (an unknown state is `invalid`).
    row: {
      subscriptionGroupId: group,
      state: state as SetStatusRow["state"],
      type,
      id: record.id,
      ...(doubleOptIn ? { useDoubleOptIn: true } : {}),
    },
    target: { group, state },
  };
}

/**
 * The group the preflight read checks for a multi-group job's record: the row's group when the
 * job would send the row (a group and a state from cell or flag, both passing the generated
 * validators), else `undefined`. A row that is `invalid` anyway must not decide the job: its
 * group, refused by Braze, stopped every other row (exit 4, all `not_sent`), e.g. a template's
 * sample row `ann@example.com,<group id>,<state>` above the real ones.
 */
export function preflightGroupOf(
  record: InputRecord & { kind: "identifier" },
  defaults: JobGroups & { kind: "rows" },
): string | undefined {
  const group = record.group || defaults.defaultGroup;
  const state = record.state || defaults.defaultState;
  return isSubscriptionGroupId(group) && isSubscriptionState(state) ? group : undefined;
}
