import { UsageError } from "../errors.js";
import { ExitCode, type ExitCodeValue } from "../exit-codes.js";
import { fileKey } from "../files/file-key.js";
import type { JobDescription, JobPageData } from "../html-report/job-page-data.js";
import { jobRecordPath, readJobRecord } from "../html-report/job-record-file.js";
import { addCounts, writePage } from "../html-report/job-recorder.js";
import { readReport } from "../html-report/read-report.js";
import { renderPage } from "../html-report/render-page.js";
import { type CliIo, writeLine } from "../io.js";
import { assertNdjsonReport } from "../report/report-encoding.js";
import { resolveJobFiles } from "./job-files.js";

/** The flags of `braze-subscriptions report`. */
export interface ReportCommandOptions {
  /** `--html`: where to write the page. @default none: the counts are printed instead */
  html?: string;
}

/**
 * `braze-subscriptions report <report.ndjson> --html <page>`: renders the job page of an
 * existing report. The counts and the failures table come from the report; the job and
 * the timeline from the job record the run saved beside it (`<report>.job.json`), when it
 * is there and agrees with the report. Without `--html` it prints the report's counts per
 * outcome (and the job's command and exit code from its record) and how to get the page.
 */
export async function runReport(
  reportPath: string,
  options: ReportCommandOptions,
  io: CliIo,
): Promise<ExitCodeValue> {
  if (options.html !== undefined && options.html.trim() === "")
    throw new UsageError("--html must name a file");
  // The page never overwrites the report it is made from, nor its record, whatever the names:
  // the rule every command's files follow.
  const files = await resolveJobFiles({
    input: { flag: "the report", given: reportPath, key: await fileKey(reportPath) },
    inputIsReport: true,
    checkpoint: undefined,
    report: undefined,
    html: options.html,
  });
  try {
    assertNdjsonReport(reportPath, "report");
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const [contents, record] = await Promise.all([readReport(reportPath), readJobRecord(reportPath)]);
  let job: JobDescription = unknownJob(reportPath);
  let timeline: JobPageData["timeline"] = null;
  let outcomes = contents.outcomes;
  let resumed = contents.resumed;
  if (record !== undefined && "unusable" in record) {
    writeLine(
      io.stderr,
      `warning: ${jobRecordPath(reportPath)} beside ${reportPath} is unusable: ${record.unusable}; the page shows the report alone`,
    );
  } else if (record !== undefined) {
    if (sameCounts(record.reportLines, contents.outcomes)) {
      job = { ...record.job, report: reportPath };
      timeline = record.timeline;
      // A dry run's valid identifiers and the rows --failed-only left out have no report
      // line; the record counted them.
      outcomes = addCounts(contents.outcomes, record.unreported);
      resumed += record.unreportedResumed ?? 0;
    } else {
      writeLine(
        io.stderr,
        `warning: the job record beside ${reportPath} does not match the report's counts (another run's?); the page shows the report alone`,
      );
    }
  }
  if (options.html === undefined) {
    writeLine(io.stdout, countsText(reportPath, job, outcomes));
    return ExitCode.ok;
  }
  const page = await renderPage({
    version: 1,
    job,
    outcomes,
    resumed,
    failures: contents.failures.toJSON(),
    timeline,
  });
  await writePage(options.html, page, [files.input, files.inputRecord]);
  writeLine(io.stdout, `Page: ${options.html}`);
  return ExitCode.ok;
}

/** The counts of a report, for a person at a terminal. */
function countsText(path: string, job: JobDescription, outcomes: Record<string, number>): string {
  const total = Object.values(outcomes).reduce((sum, n) => sum + n, 0);
  const width = Math.max(...Object.keys(outcomes).map((name) => name.length), 0);
  return [
    `report ${path}: ${total} lines`,
    ...(job.exitCode === null ? [] : [`  job: ${job.command}, exit ${job.exitCode}`]),
    ...Object.entries(outcomes)
      .sort(([, a], [, b]) => b - a)
      .map(([name, n]) => `  ${name.padEnd(width)}  ${n}`),
    `the page: braze-subscriptions report ${path} --html <file.html>`,
  ].join("\n");
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
  const count = (counts: Record<string, number>, name: string) =>
    Object.hasOwn(counts, name) ? (counts[name] as number) : 0;
  for (const name of names) if (count(recorded, name) !== count(read, name)) return false;
  return true;
}
