import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { type CliIo, writeLine } from "../io.js";
import { isCsvReport } from "../report/report-encoding.js";
import { shellQuote } from "./describe-command.js";
import type { JobRecorder } from "./job-recorder.js";

/**
 * Ends a job's recording with its exit code and says where its page is (not with `--json`,
 * whose stdout is one JSON object: the user named the file anyway).
 *
 * A page that cannot be written (a full disk, a broken installation) is a warning on stderr,
 * and the exit code stays the job's: the job ran, the report and checkpoint record it, and
 * the page is derived from them (`report <report> --html <page>` writes it again). An exit
 * 1 or 2 there hid the job's own result: a script reading 2 as "usage error, nothing done"
 * would rerun a job that had already sent every row.
 */
export async function finishJob(
  job: JobRecorder | undefined,
  exitCode: number,
  options: { json: boolean },
  io: CliIo,
): Promise<void> {
  const page = await job?.finish(exitCode);
  if (page === undefined) return;
  if ("written" in page) {
    if (!options.json) writeLine(io.stdout, `Page: ${page.written}`);
    return;
  }
  // `report --html` reads an NDJSON report (a CSV one is escaped for spreadsheets).
  const again =
    page.report === null || isCsvReport(page.report)
      ? "the page can be written again only from an NDJSON --report, which this run did not write"
      : `write it again with: braze-subscriptions report ${shellQuote(page.report)} --html ${shellQuote(page.failed)}`;
  writeLine(
    io.stderr,
    `warning: ${page.message}; the job's result stands (exit ${exitCode}); ${again}`,
  );
}

/**
 * Ends the recording of a job that failed (`failure`, the error it ends with), with that
 * failure's exit code. The record and page are written if they can be; an error doing so (the
 * same full disk that failed the job) is dropped, so the job's own failure is the one shown.
 */
export async function finishFailedJob(
  job: JobRecorder | undefined,
  failure: unknown,
): Promise<void> {
  const code = failure instanceof CliError ? failure.exitCode : ExitCode.unexpected;
  await job?.finish(code).catch(() => undefined);
}
