import type { ReportLine } from "./report-line.js";

/** The report line of a CSV record the parser could not read: invalid, with no identifier. */
export function malformedReportLine(
  record: { line: number; message: string },
  type: string,
): ReportLine {
  return {
    line: record.line,
    id: null,
    type,
    outcome: "invalid",
    error: { code: "malformed_csv", message: record.message },
  };
}
