import type { Outcome, SetStatusRow } from "../../src/index.js";

/** `count` rows of external ids (`${prefix}-${i}`), spread over `groups` in turn. */
export const rowsOver = (groups: string[], count: number, prefix = "user"): SetStatusRow[] =>
  Array.from({ length: count }, (_, i) => ({
    subscriptionGroupId: groups[i % groups.length] as string,
    state: "unsubscribed",
    type: "external_id",
    id: `${prefix}-${i}`,
  }));

/** How many rows of `group` ended with `outcome`. */
export const countOf = (
  rows: SetStatusRow[],
  outcomes: Outcome[],
  group: string,
  outcome: string,
): number =>
  outcomes.filter((o) => rows[o.index]?.subscriptionGroupId === group && o.outcome === outcome)
    .length;

/** How many rows are of `group`. */
export const inGroup = (rows: SetStatusRow[], group: string): number =>
  rows.filter((row) => row.subscriptionGroupId === group).length;
