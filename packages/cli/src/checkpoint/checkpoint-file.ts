import { constants, fdatasyncSync, writeSync } from "node:fs";
import { type FileHandle, open, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { CheckpointError, OutputError, UsageError } from "../errors.js";
import { type NamedFile, sameFileMessage } from "../files/distinct-files.js";
import { fileKey, inodeId } from "../files/file-key.js";
import { describeFsError } from "../files/fs-error.js";
import { checkpointLines } from "./checkpoint-lines.js";
import { differingField, type JobIdentity } from "./job-identity.js";
import { LineSet, toRanges } from "./line-set.js";

const FORMAT = "braze-subscriptions/set-checkpoint";
const VERSION = 1;
/** The header holds the job's identity: paths, ids, names. Far more than any real one needs. */
const MAX_HEADER_BYTES = 64 * 1024;

/** What {@link Checkpoint.open} needs besides the path and the job. */
export interface CheckpointLimits {
  /** The input's line count: a range past it is corrupt, and it bounds what is read. */
  maxLine: number;
  /** Files the checkpoint must not be (the input). */
  protect: ReadonlyArray<NamedFile | undefined>;
}

/**
 * A crash-safe record of the input lines whose identifier succeeded.
 *
 * The file is append-only NDJSON: a header line with the job's identity, then one
 * `{"succeeded":[[from,to],…]}` line per group of completed batches, each written with a
 * single `write` and made durable with `fdatasync` before the next. A crash can only tear the
 * last line, which the next run ignores and truncates; identifiers whose success was not yet
 * durable are simply sent again (setting a state twice is harmless). Nothing but line
 * numbers and the job's identity is stored: no identifiers, no API key.
 */
export class Checkpoint {
  /** Lines that succeeded in earlier runs of this job. */
  readonly done: LineSet;
  private readonly handle: FileHandle;
  private readonly path: string;
  private pending: number[] = [];
  /** The group the background pump is writing and syncing right now. */
  private writing: number[] = [];
  /** Calls of {@link record} whose lines are not durable yet (queued or being synced). */
  private unsyncedGroups = 0;
  private pendingGroups = 0;
  private pumping: Promise<void> | undefined;
  private failure: unknown;

  private constructor(handle: FileHandle, path: string, done: LineSet) {
    this.handle = handle;
    this.path = path;
    this.done = done;
  }

  /**
   * Opens the checkpoint at `path`, creating it if absent. Throws a {@link CheckpointError} if
   * it is not a regular file (a device, a pipe, a directory), is one of `limits.protect`,
   * belongs to another job, is corrupt, or cannot be read or written.
   */
  static async open(path: string, job: JobIdentity, limits: CheckpointLimits): Promise<Checkpoint> {
    const done = new LineSet();
    let handle = await openExisting(path, limits.protect);
    try {
      const size = handle === undefined ? 0 : Number((await handle.stat()).size);
      if (handle !== undefined && size > 0) await loadInto(handle, size, path, job, limits, done);
      else {
        await handle?.close();
        handle = undefined;
        // Created where `path` leads: a symlink to a checkpoint not created yet stays a link.
        await createFile((await fileKey(path)).path, job);
        handle = await openExisting(path, limits.protect);
        if (handle === undefined) throw new CheckpointError(`checkpoint ${path} vanished`);
      }
      return new Checkpoint(handle, path, done);
    } catch (error) {
      await handle?.close();
      throw error;
    }
  }

  /**
   * Records lines that just succeeded. Writes happen in the background, grouped so that a
   * fast run does not wait for one `fdatasync` per batch.
   */
  record(lines: readonly number[]): void {
    // A write that failed (a full disk) ends the run: what follows could not be saved.
    if (this.failure) throw this.failure;
    if (lines.length === 0) return;
    for (const line of lines) this.pending.push(line);
    this.pendingGroups += 1;
    this.unsyncedGroups += 1;
    this.pumping ??= this.pump().finally(() => {
      this.pumping = undefined;
    });
  }

  /**
   * How many {@link record} calls (one per request that had successes) are not durable yet.
   * A crash loses them, so their identifiers are sent again by the rerun: the caller keeps
   * this bounded by awaiting {@link flush} (see the CLI's kill bound).
   */
  get unsynced(): number {
    return this.unsyncedGroups;
  }

  /** Resolves when everything recorded so far is durable; rejects if a write failed. */
  async flush(): Promise<void> {
    while (this.pumping) await this.pumping;
    if (this.failure) throw this.failure;
  }

  /**
   * Appends what was recorded but not written yet, synchronously and durably: for a process
   * about to exit (a second Ctrl-C), which cannot wait for the background writes.
   */
  flushSync(): void {
    // The group being written in the background too: the process exits before that write may
    // run. Written twice at worst, which the next load merges.
    const lines = [...this.writing, ...this.pending];
    if (lines.length === 0 || this.failure) return;
    this.pending = [];
    this.pendingGroups = 0;
    writeSync(this.handle.fd, `${JSON.stringify({ succeeded: toRanges(lines) })}\n`);
    fdatasyncSync(this.handle.fd);
  }

  /** Flushes, then closes the file. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }

  private async pump(): Promise<void> {
    while (this.pending.length > 0 && !this.failure) {
      const lines = this.pending;
      const groups = this.pendingGroups;
      this.pending = [];
      this.pendingGroups = 0;
      this.writing = lines;
      try {
        const entry = Buffer.from(`${JSON.stringify({ succeeded: toRanges(lines) })}\n`);
        const { bytesWritten } = await this.handle.write(entry);
        // A short write is a full disk: appending more after a torn line would corrupt it.
        if (bytesWritten < entry.length)
          throw Object.assign(new Error("short write"), { code: "ENOSPC" });
        await this.handle.datasync();
        this.unsyncedGroups -= groups;
        this.writing = [];
      } catch (error) {
        this.failure = new OutputError(
          `cannot write checkpoint ${this.path}: ${describeFsError(error)}`,
          this.path,
          { cause: error },
        );
      }
    }
  }
}

async function createFile(path: string, job: JobIdentity): Promise<void> {
  // Header first in a temporary file, then an atomic rename: a crash never leaves a
  // checkpoint without its job identity.
  const temporary = `${dirname(path)}/.${basename(path)}.${process.pid}.tmp`;
  try {
    // Exclusive: a link planted at the temporary name is removed, never written through.
    await unlink(temporary).catch(() => {});
    const handle = await open(temporary, "wx");
    try {
      await handle.write(`${JSON.stringify({ format: FORMAT, version: VERSION, job })}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
    await syncDirectory(dirname(path));
  } catch (error) {
    throw new CheckpointError(`cannot create checkpoint ${path}: ${describeFsError(error)}`, {
      cause: error,
    });
  }
}

async function syncDirectory(directory: string): Promise<void> {
  // Makes the rename durable; some filesystems refuse to fsync a directory, which is fine.
  try {
    const handle = await open(directory, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {}
}

/**
 * Opens an existing checkpoint for reading and appending; `undefined` if there is none. Only a
 * regular file is opened (`/dev/zero`, a pipe or a directory is refused before opening), and
 * the descriptor is checked again, so a file swapped in meanwhile is refused too.
 */
async function openExisting(
  path: string,
  protect: ReadonlyArray<NamedFile | undefined>,
): Promise<FileHandle | undefined> {
  let handle: FileHandle;
  try {
    if (!(await stat(path)).isFile()) throw notRegular(path);
    handle = await open(path, constants.O_RDWR | constants.O_APPEND | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as { code?: string }).code === "ENOENT") return undefined;
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(`cannot open checkpoint ${path}: ${describeFsError(error)}`, {
      cause: error,
    });
  }
  try {
    const info = await handle.stat({ bigint: true });
    if (!info.isFile()) throw notRegular(path);
    const same = protect.find((file) => file?.key.id === inodeId(info));
    if (same !== undefined)
      throw new UsageError(sameFileMessage({ flag: "--checkpoint", given: path }, same));
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

function notRegular(path: string): CheckpointError {
  return new CheckpointError(
    `--checkpoint ${path} is not a regular file: give the path of a file (it is created if missing)`,
  );
}

async function loadInto(
  handle: FileHandle,
  size: number,
  path: string,
  job: JobIdentity,
  limits: CheckpointLimits,
  done: LineSet,
): Promise<void> {
  // The longest line a checkpoint of this input can hold: every line of it as its own range.
  const maxRangesBytes = 32 + limits.maxLine * (2 * String(limits.maxLine).length + 4);
  const lines = checkpointLines(
    handle,
    size,
    (index) => (index === 0 ? MAX_HEADER_BYTES : maxRangesBytes),
    (index) =>
      new CheckpointError(
        index === 0
          ? `${path} is not a braze-subscriptions checkpoint`
          : `checkpoint ${path} is corrupt at line ${index + 1} (longer than any checkpoint of this input can be)`,
      ),
  );
  const first = await lines.next();
  const header = (first.done ? undefined : parseLine(first.value.text)) as
    | { format?: unknown; version?: unknown; job?: JobIdentity }
    | undefined;
  if (!header || header.format !== FORMAT || header.job === undefined) {
    throw new CheckpointError(`${path} is not a braze-subscriptions checkpoint`);
  }
  if (header.version !== VERSION) {
    throw new CheckpointError(
      `${path} is a version ${String(header.version)} checkpoint; this CLI reads version ${VERSION}`,
    );
  }
  const difference = differingField(header.job, job);
  if (difference !== undefined) {
    throw new CheckpointError(
      `checkpoint ${path} belongs to another job (${difference}); use another --checkpoint or delete it to start over`,
    );
  }
  // Everything up to the last newline was written whole; a tail after it is a torn write.
  let goodBytes = first.done ? 0 : first.value.end;
  let terminated = first.done ? true : first.value.terminated;
  let at = 1;
  for await (const line of lines) {
    at += 1;
    const entry = parseLine(line.text) as { succeeded?: unknown } | undefined;
    if (!entry || !Array.isArray(entry.succeeded)) {
      if (!line.terminated) break;
      throw new CheckpointError(`checkpoint ${path} is corrupt at line ${at}`);
    }
    for (const range of entry.succeeded as unknown[]) {
      if (!isRange(range, limits.maxLine))
        throw new CheckpointError(`checkpoint ${path} is corrupt at line ${at}`);
      done.addRange(range[0], range[1]);
    }
    goodBytes = line.end; // complete JSON without a newline: kept, then the newline added.
    terminated = line.terminated;
  }
  if (goodBytes < size) await handle.truncate(goodBytes);
  else if (!terminated) await handle.write("\n");
}

function isRange(range: unknown, maxLine: number): range is [number, number] {
  return (
    Array.isArray(range) &&
    Number.isInteger(range[0]) &&
    Number.isInteger(range[1]) &&
    range[0] >= 1 &&
    range[0] <= range[1] &&
    range[1] <= maxLine
  );
}

function parseLine(raw: string | undefined): unknown {
  if (raw === undefined || raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
