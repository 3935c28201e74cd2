import { constants } from "node:fs";
import { type FileHandle, open, readFile, rename, truncate } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { CheckpointError } from "../errors.js";
import { describeFsError } from "../input/open-input.js";
import { differingField, type JobIdentity } from "./job-identity.js";
import { LineSet, toRanges } from "./line-set.js";

const FORMAT = "braze-subscriptions/set-checkpoint";
const VERSION = 1;

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
  private pending: number[] = [];
  private pumping: Promise<void> | undefined;
  private failure: unknown;

  private constructor(handle: FileHandle, done: LineSet) {
    this.handle = handle;
    this.done = done;
  }

  /**
   * Opens the checkpoint at `path`, creating it if absent. Throws a {@link CheckpointError}
   * if it belongs to another job or cannot be read or written.
   */
  static async open(path: string, job: JobIdentity): Promise<Checkpoint> {
    const done = new LineSet();
    let text: string | undefined;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") {
        throw new CheckpointError(`cannot read checkpoint ${path}: ${describeFsError(error)}`, {
          cause: error,
        });
      }
    }
    if (text === undefined || text === "") await createFile(path, job);
    else await loadInto(path, text, job, done);
    try {
      const handle = await open(path, constants.O_WRONLY | constants.O_APPEND);
      return new Checkpoint(handle, done);
    } catch (error) {
      throw new CheckpointError(`cannot write checkpoint ${path}: ${describeFsError(error)}`, {
        cause: error,
      });
    }
  }

  /**
   * Records lines that just succeeded. Writes happen in the background, grouped so that a
   * fast run does not wait for one `fdatasync` per batch.
   */
  record(lines: readonly number[]): void {
    if (lines.length === 0) return;
    for (const line of lines) this.pending.push(line);
    this.pumping ??= this.pump().finally(() => {
      this.pumping = undefined;
    });
  }

  /** Resolves when everything recorded so far is durable; rejects if a write failed. */
  async flush(): Promise<void> {
    while (this.pumping) await this.pumping;
    if (this.failure) throw this.failure;
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
      this.pending = [];
      try {
        await this.handle.write(`${JSON.stringify({ succeeded: toRanges(lines) })}\n`);
        await this.handle.datasync();
      } catch (error) {
        this.failure = new CheckpointError(`cannot write checkpoint: ${describeFsError(error)}`, {
          cause: error,
        });
      }
    }
  }
}

async function createFile(path: string, job: JobIdentity): Promise<void> {
  // Header first in a temporary file, then an atomic rename: a crash never leaves a
  // checkpoint without its job identity.
  const temporary = `${dirname(path)}/.${basename(path)}.${process.pid}.tmp`;
  try {
    const handle = await open(temporary, "w");
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

async function loadInto(
  path: string,
  text: string,
  job: JobIdentity,
  done: LineSet,
): Promise<void> {
  const lines = text.split("\n");
  const header = parseLine(lines[0]) as
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
  let goodBytes = Buffer.byteLength(lines[0] as string) + 1;
  for (let at = 1; at < lines.length; at += 1) {
    const raw = lines[at] as string;
    const isLast = at === lines.length - 1;
    if (isLast && raw === "") break;
    const entry = parseLine(raw) as { succeeded?: unknown } | undefined;
    if (!entry || !Array.isArray(entry.succeeded)) {
      if (isLast) break;
      throw new CheckpointError(`checkpoint ${path} is corrupt at line ${at + 1}`);
    }
    for (const range of entry.succeeded as unknown[]) {
      if (!Array.isArray(range) || !Number.isInteger(range[0]) || !Number.isInteger(range[1])) {
        throw new CheckpointError(`checkpoint ${path} is corrupt at line ${at + 1}`);
      }
      done.addRange(range[0] as number, range[1] as number);
    }
    if (!isLast) goodBytes += Buffer.byteLength(raw) + 1;
    else goodBytes += Buffer.byteLength(raw); // complete JSON but no newline: keep, then fix.
  }
  const total = Buffer.byteLength(text);
  if (goodBytes < total) await truncate(path, goodBytes);
  else if (!text.endsWith("\n")) {
    const handle = await open(path, "a");
    await handle.write("\n");
    await handle.close();
  }
}

function parseLine(raw: string | undefined): unknown {
  if (raw === undefined || raw === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
