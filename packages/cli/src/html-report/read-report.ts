import { createReadStream } from "node:fs";
import { InputError } from "../errors.js";
import { boundedLines } from "../files/bounded-lines.js";
import { describeFsError } from "../files/fs-error.js";
import { refuseGzippedReport } from "../files/plain-report.js";
import { checkRegularFile } from "../files/regular-file.js";
import { MAX_REPORT_LINE_BYTES, type ReportLine } from "../report/report-line.js";
import { FailureSample, isResumedSuccess } from "./failure-sample.js";

/** What a page needs from an NDJSON report. */
export interface ReportContents {
  outcomes: Record<string, number>;
  /** Succeeded lines marked `"resumed":true`: done by an earlier run of the job. */
  resumed: number;
  failures: FailureSample;
}

/**
 * Streams an NDJSON report (of `set`, or of any command writing one outcome per line):
 * counts every outcome and keeps the capped sample of rows that did not succeed, in
 * bounded memory whatever the report's size. A path that is not a regular file (a directory,
 * `/dev/zero`, a pipe), or a line that is not a report line (one longer than
 * {@link MAX_REPORT_LINE_BYTES} is not read whole), is an `InputError` naming it.
 */
export async function readReport(path: string): Promise<ReportContents> {
  await checkRegularFile(path, `report ${path}`);
  await refuseGzippedReport(path);
  // No prototype: an outcome is any string a report holds, and `constructor` or `__proto__`
  // counted on a plain object printed "function Object() { [native code] }1" as a count.
  const outcomes: Record<string, number> = Object.create(null);
  const failures = new FailureSample();
  let resumed = 0;
  const stream = createReadStream(path);
  const opened = new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  });
  try {
    await opened;
  } catch (error) {
    throw new InputError(`cannot read report ${path}: ${describeFsError(error)}`, { cause: error });
  }
  for await (const read of boundedLines(stream, MAX_REPORT_LINE_BYTES)) {
    // Leaving the loop closes the stream: the rest of the file is not read.
    if ("tooLong" in read)
      throw new InputError(
        `${path}:${read.number} is not a report line (longer than ${MAX_REPORT_LINE_BYTES} bytes)`,
      );
    if (read.text.trim() === "") continue;
    const line = parse(read.text);
    if (line === undefined)
      throw new InputError(
        `${path}:${read.number} is not a report line (expected {"line","id","outcome",…})`,
      );
    outcomes[line.outcome] = (outcomes[line.outcome] ?? 0) + 1;
    if (isResumedSuccess(line)) resumed += 1;
    failures.add(line);
  }
  return { outcomes, resumed, failures };
}

function parse(text: string): ReportLine | undefined {
  try {
    const value = JSON.parse(text) as Partial<ReportLine> | null;
    if (value === null || typeof value !== "object") return undefined;
    if (typeof value.outcome !== "string" || typeof value.line !== "number") return undefined;
    return value as ReportLine;
  } catch {
    return undefined;
  }
}
