import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { UsageError } from "../errors.js";
import { describeFsError } from "../input/open-input.js";
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

  private constructor(stream: WriteStream, redact: (text: string) => string) {
    this.stream = stream;
    this.redact = redact;
    stream.on("error", (error) => {
      this.failure ??= error;
    });
  }

  /** Opens (truncates) the report file; an unwritable path is a usage error. */
  static async open(path: string, redact: (text: string) => string): Promise<ReportWriter> {
    const stream = createWriteStream(path, { flags: "w" });
    try {
      await once(stream, "open");
    } catch (error) {
      throw new UsageError(`cannot write report ${path}: ${describeFsError(error)}`, {
        cause: error,
      });
    }
    return new ReportWriter(stream, redact);
  }

  /** Appends one line. Returns false when the caller should await {@link drain}. */
  write(line: ReportLine): boolean {
    if (this.failure) throw this.failure;
    return this.stream.write(`${this.redact(JSON.stringify(line))}\n`);
  }

  /** Resolves once buffered lines went to the file (call when `write` returned false). */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    if (this.stream.writableNeedDrain) await once(this.stream, "drain");
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    if (this.failure) throw this.failure;
    this.stream.end();
    await once(this.stream, "finish");
  }
}
