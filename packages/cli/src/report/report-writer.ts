import { writeSync } from "node:fs";
import { OutputError, UsageError } from "../errors.js";
import type { NamedFile } from "../files/distinct-files.js";
import { describeFsError } from "../files/fs-error.js";
import { type OutputFile, openOutput } from "../files/open-output.js";
import type { VerifyReportLine } from "../verify/verify-line.js";
import { type ReportEncoding, reportEncodingFor } from "./report-encoding.js";
import { REPORT_COLUMNS, type ReportLine } from "./report-line.js";

/**
 * Lines are written in chunks of this many (about 64 KiB of NDJSON): few system calls, little
 * held in memory.
 */
const FLUSH_LINES = 512;

/**
 * Writes `--report` as NDJSON (or CSV, for a path ending in `.csv`: see
 * {@link reportEncodingFor}), one line per input identifier, in the order outcomes arrive.
 * The file is rewritten by every run (a resumed run re-reports what earlier runs did), so the
 * report of the last run is complete and has no duplicates.
 *
 * Lines are buffered ({@link FLUSH_LINES}) and written with synchronous writes, so no write is ever in
 * flight in the background: {@link flushSync} can put every line decided so far on disk even
 * from a signal handler that exits the process right after (a second Ctrl-C), and memory stays
 * bounded however fast outcomes come.
 */
export class ReportWriter {
  private readonly handle: OutputFile;
  private readonly path: string;
  private readonly redact: (text: string) => string;
  private readonly encoding: ReportEncoding;
  private pending: Array<ReportLine | VerifyReportLine> = [];
  /** Text to write before the pending lines (the CSV header, at first). */
  private prefix: string;
  private failure: OutputError | undefined;
  private closed = false;
  private readonly keep: (line: ReportLine | VerifyReportLine) => boolean;

  private constructor(
    handle: OutputFile,
    path: string,
    redact: (text: string) => string,
    keep: (line: ReportLine | VerifyReportLine) => boolean,
    encoding: ReportEncoding,
  ) {
    this.encoding = encoding;
    this.prefix = encoding.start;
    this.handle = handle;
    this.path = path;
    this.redact = redact;
    this.keep = keep;
  }

  /**
   * Opens (empties) the report file; an unwritable path is a usage error, and so is a path
   * that is, on disk, one of the `protect`ed files (the input, the checkpoint): checked on the
   * opened descriptor before anything is truncated. `columns` are the CSV's (the NDJSON
   * line's keys, nested ones dotted), used when the path ends in `.csv`.
   */
  static async open(
    path: string,
    redact: (text: string) => string,
    protect: ReadonlyArray<NamedFile | undefined> = [],
    keep: (line: ReportLine | VerifyReportLine) => boolean = () => true,
    columns: readonly string[] = REPORT_COLUMNS,
  ): Promise<ReportWriter> {
    const encoding = reportEncodingFor(path, columns);
    try {
      const handle = await openOutput(path, "--report", protect);
      return new ReportWriter(handle, path, redact, keep, encoding);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`cannot write report ${path}: ${describeFsError(error)}`, {
        cause: error,
      });
    }
  }

  /**
   * Appends one line (written once {@link FLUSH_LINES} are buffered), unless `keep` drops it (as
   * `--failed-only` does). Always returns true: kept for callers
   * written against a stream, {@link drain} never has to be awaited.
   * @throws OutputError when a write failed (a full disk), naming the report.
   */
  write(line: ReportLine | VerifyReportLine): boolean {
    if (this.failure) throw this.failure;
    if (!this.keep(line)) return true;
    this.pending.push(line);
    if (this.pending.length >= FLUSH_LINES) this.flushSync();
    return true;
  }

  /** Nothing to wait for: writes are synchronous (kept for callers written against a stream). */
  async drain(): Promise<void> {
    if (this.failure) throw this.failure;
  }

  /**
   * Writes every buffered line now, synchronously. Safe to call from a signal handler right
   * before `process.exit`: afterwards the file holds every line written so far.
   * @throws OutputError when the write failed (a full disk), naming the report.
   */
  flushSync(): void {
    if (this.failure) throw this.failure;
    if (this.closed || (this.pending.length === 0 && this.prefix === "")) return;
    const bytes = Buffer.from(this.prefix + this.redact(this.encoding.encode(this.pending)));
    this.pending = [];
    this.prefix = "";
    try {
      for (let at = 0; at < bytes.length; ) at += writeSync(this.handle.fd, bytes, at);
    } catch (error) {
      // A full disk mid-run: named, so the run can end with one clear line.
      this.failure = new OutputError(
        `cannot write report ${this.path}: ${describeFsError(error)}`,
        this.path,
        { cause: error },
      );
      throw this.failure;
    }
  }

  /** Writes what is buffered and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    try {
      this.flushSync();
    } finally {
      this.closed = true;
      await this.handle.close();
    }
  }
}
