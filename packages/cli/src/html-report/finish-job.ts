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
