/**
 * Whether `set --failed-only` keeps a row in the report: only rows that did not succeed (a
 * duplicate or an unchanged row did). One rule for the report writer and the job record,
 * which counts the rows the report left out so that `report --html` can still show them.
 */
export function keptByFailedOnly(line: { outcome: string }): boolean {
  return !LEFT_OUT.has(line.outcome);
}

const LEFT_OUT: ReadonlySet<string> = new Set(["succeeded", "duplicate", "unchanged"]);
