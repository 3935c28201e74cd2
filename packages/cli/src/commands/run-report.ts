import { writeFile } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import type { JobDescription, JobPageData } from "../html-report/job-page-data.js";
import { readJobRecord } from "../html-report/job-record-file.js";
import { readReport } from "../html-report/read-report.js";
import { renderPage } from "../html-report/render-page.js";
import { describeFsError } from "../input/open-input.js";
import { type CliIo, writeLine } from "../io.js";

/** The flags of `braze-subscriptions report`. */
export interface ReportCommandOptions {
  /** `--html`: where to write the page. Required. */
  html?: string;
}

/**
 * `braze-subscriptions report <report.ndjson> --html <page>`: renders the job page of an
 * existing report. The counts and the failures table come from the report; the job and
 * the timeline from the job record the run saved beside it (`<report>.job.json`), when it
 * is there and agrees with the report.
 */
export async function runReport(
  reportPath: string,
  options: ReportCommandOptions,
  io: CliIo,
): Promise<ExitCodeValue> {
  if (options.html === undefined || options.html.trim() === "")
    throw new UsageError("missing required option --html <file.html>");
  const [contents, record] = await Promise.all([readReport(reportPath), readJobRecord(reportPath)]);
  let job: JobDescription = unknownJob(reportPath);
  let timeline: JobPageData["timeline"] = null;
  let outcomes = contents.outcomes;
  if (record !== undefined) {
    if (sameCounts(record.reportLines, contents.outcomes)) {
      job = { ...record.job, report: reportPath };
      timeline = record.timeline;
      // A dry run's valid identifiers have no report line; its record counted them.
      outcomes = { ...contents.outcomes, ...record.unreported };
    } else {
      writeLine(
        io.stderr,
        `warning: the job record beside ${reportPath} does not match the report's counts (another run's?); the page shows the report alone`,
      );
    }
  }
  const page = await renderPage({
    version: 1,
    job,
    outcomes,
    failures: contents.failures.toJSON(),
    timeline,
  });
  try {
    await writeFile(options.html, page);
  } catch (error) {
    throw new UsageError(`cannot write page ${options.html}: ${describeFsError(error)}`, {
      cause: error,
    });
  }
  writeLine(io.stdout, `Page: ${options.html}`);
  return ExitCode.ok;
}

function unknownJob(reportPath: string): JobDescription {
  return {
    command: "unknown: no job record beside the report",
    kind: "report",
    target: null,
    groups: [],
    states: [],
    input: null,
    report: reportPath,
    startedAt: null,
    endedAt: null,
    exitCode: null,
    exitMeaning: null,
    rateLimit: null,
  };
}

/** Whether a job record counted the same report lines as the report holds. */
function sameCounts(recorded: Record<string, number>, read: Record<string, number>): boolean {
  const names = new Set([...Object.keys(recorded), ...Object.keys(read)]);
  for (const name of names) if ((recorded[name] ?? 0) !== (read[name] ?? 0)) return false;
  return true;
}
