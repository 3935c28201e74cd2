import { CliError } from "../errors.js";
import { ExitCode } from "../exit-codes.js";
import { type CliIo, writeLine } from "../io.js";
import type { JobRecorder } from "./job-recorder.js";

/**
 * Ends a job's recording with its exit code and says where its page is (not with `--json`,
 * whose stdout is one JSON object: the user named the file anyway).
 */
export async function finishJob(
  job: JobRecorder | undefined,
  exitCode: number,
  options: { json: boolean },
  io: CliIo,
): Promise<void> {
  const page = await job?.finish(exitCode);
  if (page !== undefined && !options.json) writeLine(io.stdout, `Page: ${page}`);
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
