import { writeSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { OutputError, UsageError } from "../errors.js";
import type { NamedFile } from "../files/distinct-files.js";
import { openOutput } from "../files/open-output.js";
import { describeFsError } from "../input/open-input.js";
import type { VerifyReportLine } from "../verify/verify-line.js";
import type { ReportLine } from "./report-line.js";

/** Lines are written in chunks of about this size: few system calls, little held in memory. */
const FLUSH_BYTES = 64 * 1024;

/**
 * Writes `--report` as NDJSON, one line per input identifier, in the order outcomes arrive.
 * The file is rewritten by every run (a resumed run re-reports what earlier runs did), so the
 * report of the last run is complete and has no duplicates.
 *
 * Lines are buffered (64 KiB) and written with synchronous writes, so no write is ever in
 * flight in the background: {@link flushSync} can put every line decided so far on disk even
 * from a signal handler that exits the process right after (a second Ctrl-C), and memory stays
 * bounded however fast outcomes come.
 */
export class ReportWriter {
  private readonly handle: FileHandle;
  private readonly path: string;
  private readonly redact: (text: string) => string;
  private pending: string[] = [];
  private pendingBytes = 0;
  private failure: OutputError | undefined;
  private closed = false;
  private readonly keep: (line: ReportLine | VerifyReportLine) => boolean;

  private constructor(
    handle: FileHandle,
    path: string,
    redact: (text: string) => string,
    keep: (line: ReportLine | VerifyReportLine) => boolean,
  ) {
    this.handle = handle;
    this.path = path;
    this.redact = redact;
    this.keep = keep;
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
    keep: (line: ReportLine | VerifyReportLine) => boolean = () => true,
  ): Promise<ReportWriter> {
    try {
      return new ReportWriter(await openOutput(path, "--report", protect), path, redact, keep);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`cannot write report ${path}: ${describeFsError(error)}`, {
        cause: error,
      });
    }
  }

  /**
   * Appends one line (written once 64 KiB are buffered), unless `keep` drops it (as
   * `--failed-only` does). Always returns true: kept for callers
   * written against a stream, {@link drain} never has to be awaited.
   * @throws OutputError when a write failed (a full disk), naming the report.
   */
  write(line: ReportLine | VerifyReportLine): boolean {
    if (this.failure) throw this.failure;
    if (!this.keep(line)) return true;
    const text = `${this.redact(JSON.stringify(line))}\n`;
    this.pending.push(text);
    this.pendingBytes += text.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flushSync();
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
    if (this.closed || this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(""));
    this.pending = [];
    this.pendingBytes = 0;
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
