import { refusesGroupAlone } from "./likely-cause.js";
import type { PreflightCheck, PreflightJob, RefusedGroup } from "./preflight-read.js";

/**
 * Most groups the preflight of a job of rows reads when each one read so far was refused
 * alone. Three refusals in a row read as the whole job's mistake (group ids of another
 * workspace, the wrong column) and stop it before any write; one or two as bad rows among good
 * ones. Each read is on the read budget, never the writes'.
 */
export const ROWS_PREFLIGHT_GROUPS = 3;

/** A row the preflight may read: a valid identifier of its type in its group. */
export type PreflightRow = PreflightJob;

/**
 * The preflight of a job of rows, over its first rows: reads the first row's group (see
 * `preflightRead`); while Braze refuses the group read alone (a 400: the key and URL work),
 * reads the next group of those rows, up to {@link ROWS_PREFLIGHT_GROUPS}. The first read not
 * refused alone decides as for a job of one group, and carries the groups refused before it
 * (`refusedGroups`): only their rows stop. A refusal of the key or URL stops the job, and so
 * does a refusal of every group read (or of the only one the rows hold).
 */
export async function preflightRows(
  read: (job: PreflightJob) => Promise<PreflightCheck>,
  rows: Iterable<PreflightRow>,
): Promise<PreflightCheck | undefined> {
  const refused: RefusedGroup[] = [];
  for (const row of firstOfEachGroup(rows)) {
    const check = await read(row);
    if (check.outcome === "stopped" && refusesGroupAlone(check.error.status)) {
      refused.push({ subscriptionGroupId: row.subscriptionGroupId, error: check.error });
      if (refused.length === ROWS_PREFLIGHT_GROUPS) break;
      continue;
    }
    if (check.outcome === "stopped" || refused.length === 0) return check;
    return { ...check, refusedGroups: refused };
  }
  const [first] = refused;
  return first === undefined ? undefined : { outcome: "stopped", error: first.error };
}

/** Each group's first row, in the order the groups first appear. */
function* firstOfEachGroup(rows: Iterable<PreflightRow>): Generator<PreflightRow> {
  const seen = new Set<string>();
  for (const row of rows) {
    if (seen.has(row.subscriptionGroupId)) continue;
    seen.add(row.subscriptionGroupId);
    yield row;
  }
}
