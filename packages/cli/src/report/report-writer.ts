import { once } from "node:events";
import type { WriteStream } from "node:fs";
import { OutputError, UsageError } from "../errors.js";
import type { NamedFile } from "../files/distinct-files.js";
import { openOutput } from "../files/open-output.js";
import { describeFsError } from "../input/open-input.js";
import type { VerifyReportLine } from "../verify/verify-line.js";
import type { ReportLine } from "./report-line.js";

/**
 * Writes `--report` as NDJSON, one line per input identifier, in the order outcomes arrive.
 * The file is rewritten by every run (a resumed run re-reports what earlier runs did), so the
 * report of the last run is complete and has no duplicates. Writes respect back-pressure,
 * which keeps memory bounded however fast outcomes come.
 */
export class ReportWriter {
  private readonly stream: WriteStream;
  private readonly redact: (text: string) => string;
  private failure: unknown;

  private constructor(stream: WriteStream, path: string, redact: (text: string) => string) {
    this.stream = stream;
    this.redact = redact;
    stream.on("error", (error) => {
      // A full disk mid-run: named, so the run can end with one clear line.
      this.failure ??= new OutputError(
        `cannot write report ${path}: ${describeFsError(error)}`,
        path,
        {
          cause: error,
        },
      );
    });
  }

  /**
   * Opens (empties) the report file; an unwritable path is a usage error, and so is a path
   * that is, on disk, one of the `protect`ed files (the input, the checkpoint): checked on the
   * opened descriptor before anything is truncated.
   */
  static async open(
    path: string,
    redact: (text: string) => string,
    protect: ReadonlyArray<NamedFile | undefined> = [],
  ): Promise<ReportWriter> {
    let stream: WriteStream;
    try {
      stream = (await openOutput(path, "--report", protect)).createWriteStream();
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`cannot write report ${path}: ${describeFsError(error)}`, {
        cause: error,
      });
    }
    return new ReportWriter(stream, path, redact);
  }

  /** Appends one line. Returns false when the caller should await {@link drain}. */
  write(line: ReportLine | VerifyReportLine): boolean {
    if (this.failure) throw this.failure;
    return this.stream.write(`${this.redact(JSON.stringify(line))}\n`);
  }

  /** Resolves once buffered lines went to the file (call when `write` returned false). */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.stream.writableNeedDrain) await this.settle("drain");
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.stream.end();
    await this.settle("finish");
  }

  /** Waits for `event`; a write error meanwhile rejects with its named {@link OutputError}. */
  private async settle(event: "drain" | "finish"): Promise<void> {
    try {
      await once(this.stream, event);
    } catch (error) {
      throw this.failure ?? error;
    }
  }
}
