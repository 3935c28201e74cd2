import type { ReportLine } from "./report-line.js";

/** The report line of a row that could not be read: invalid, with no identifier. */
export function malformedReportLine(
  record: { line: number; message: string; code?: string },
  type: string,
): ReportLine {
  return {
    line: record.line,
    id: null,
    type,
    outcome: "invalid",
    error: { code: record.code ?? "malformed_csv", message: record.message },
  };
}
