import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { InputError } from "../errors.js";
import { describeFsError } from "../input/open-input.js";
import type { ReportLine } from "../report/report-line.js";
import { FailureSample } from "./failure-sample.js";

/** What a page needs from an NDJSON report. */
export interface ReportContents {
  outcomes: Record<string, number>;
  failures: FailureSample;
}

/**
 * Streams an NDJSON report (of `set`, or of any command writing one outcome per line):
 * counts every outcome and keeps the capped sample of rows that did not succeed, in
 * bounded memory whatever the report's size. A line that is not a report line is an
 * `InputError` naming its number.
 */
export async function readReport(path: string): Promise<ReportContents> {
  const outcomes: Record<string, number> = {};
  const failures = new FailureSample();
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
  let number = 0;
  for await (const text of createInterface({
    input: stream,
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    number += 1;
    if (text.trim() === "") continue;
    const line = parse(text);
    if (line === undefined)
      throw new InputError(
        `${path}:${number} is not a report line (expected {"line","id","outcome",…})`,
      );
    outcomes[line.outcome] = (outcomes[line.outcome] ?? 0) + 1;
    failures.add(line);
  }
  return { outcomes, failures };
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
