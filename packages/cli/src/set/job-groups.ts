import type { SubscriptionState } from "@braze-subscriptions/runtime";
import { UsageError } from "../errors.js";
import type { IdentifierSource } from "../input/open-identifier-source.js";
import type { RowColumns } from "../input/read-csv.js";
import { missingGroup, missingState, type ResolvedSetOptions } from "../options/set-options.js";

/**
 * Which groups and states a `set` job writes: one group and state for every row (`--group`,
 * `--state`), or each row's own, from the CSV's group and state columns, the flags being the
 * default for an empty cell (the multi-group write, `POST /v2/subscription/status/set`).
 */
export type JobGroups =
  | { kind: "one"; subscriptionGroupId: string; state: SubscriptionState }
  | {
      kind: "rows";
      columns: RowColumns;
      defaultGroup: string | undefined;
      defaultState: SubscriptionState | undefined;
    };

/**
 * Decides the job's groups once the input's header is read. A job needs a group and a state
 * for every row: from a flag, or from a column. Throws a one-line `UsageError` when neither
 * gives one, or when a multi-group job is asked for what it cannot do yet.
 */
export function jobGroupsOf(options: ResolvedSetOptions, source: IdentifierSource): JobGroups {
  const columns = source.rowColumns;
  if (columns === undefined) {
    if (options.subscriptionGroupId === undefined) throw new UsageError(missingGroup);
    if (options.state === undefined) throw new UsageError(missingState);
    return { kind: "one", subscriptionGroupId: options.subscriptionGroupId, state: options.state };
  }
  if (columns.group === undefined && options.subscriptionGroupId === undefined)
    throw new UsageError(missingGroup);
  if (columns.state === undefined && options.state === undefined)
    throw new UsageError(missingState);
  // The refusal names what to do instead; the README's "Many groups in one job" says why.
  if (options.skipUnchanged) {
    throw new UsageError(
      `--skip-unchanged is not available for a job whose CSV gives each row its group or state (${describeColumns(columns)}): run it per group with --group and --state on a file without those columns`,
    );
  }
  return {
    kind: "rows",
    columns,
    defaultGroup: options.subscriptionGroupId,
    defaultState: options.state,
  };
}

/** How the job's groups (or states) are shown: `g-1`, or `column "group" (default g-1)`. */
export function describeGroups(groups: JobGroups): { groups: string[]; states: string[] } {
  if (groups.kind === "one")
    return { groups: [groups.subscriptionGroupId], states: [groups.state] };
  const from = (column: string | undefined, fallback: string | undefined) =>
    column === undefined
      ? (fallback as string)
      : `column ${JSON.stringify(column)}${fallback === undefined ? "" : ` (default ${fallback})`}`;
  return {
    groups: [from(groups.columns.group, groups.defaultGroup)],
    states: [from(groups.columns.state, groups.defaultState)],
  };
}

function describeColumns(columns: RowColumns): string {
  return [columns.group, columns.state]
    .filter((name) => name !== undefined)
    .map((name) => JSON.stringify(name))
    .join(" and ");
}
