import { createReadStream, fstatSync, type Stats } from "node:fs";
import { open, stat } from "node:fs/promises";
import { constants } from "node:os";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { InputError } from "../errors.js";
import { descriptorKey, type FileKey, fileKey } from "../files/file-key.js";

const STDIN_FD = 0;

// 64 KiB, not more: a chunk decodes to one string, and past V8's 128 KiB object limit that
// string (and every line sliced from it) lives in the large-object space, which only a full
// collection frees; at 256 KiB a 10-million-line dry run carried tens of MB of dead chunks.
const CHUNK = 64 * 1024;

/** What identifies an input file across runs, so a checkpoint is only reused for the same file. */
export interface InputIdentity {
  /** Absolute path. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Last modification time (ms since the epoch). */
  mtimeMs: number;
}

/** An opened input: a byte stream plus, for files, the identity used by checkpoints. */
export interface OpenedInput {
  /** A name for messages: the path, or `stdin`. */
  label: string;
  /** The file's identity; `undefined` for stdin. */
  identity: InputIdentity | undefined;
  /** Opens a fresh byte stream over the input (stdin can only be opened once). */
  open(): Readable;
  /**
   * A separate pass over the same bytes, to count lines before reading: present for files and
   * for a regular file redirected to stdin (`--input - < list.csv`), absent for a pipe.
   */
  openForCount?: () => Readable;
  /** The input on disk, so no output overwrites it; `undefined` for an injected stream. */
  key: FileKey | undefined;
  /**
   * How the input changed since it was opened (`was truncated from 900 to 300 bytes`,
   * `was replaced by another file`), or `undefined` if it did not (or cannot be told: a pipe).
   */
  changedSinceOpened(): Promise<string | undefined>;
}

/**
 * Checks that the input can be read before anything else happens, so an unreadable file is a
 * one-line usage error rather than a failure after requests were sent.
 */
export async function openInput(path: string, stdin: Readable): Promise<OpenedInput> {
  if (path === "-") {
    let opened = false;
    const opener: OpenedInput = {
      label: "stdin",
      identity: undefined,
      key: stdin === process.stdin ? descriptorKey(STDIN_FD, "stdin") : undefined,
      changedSinceOpened: async () => undefined,
      open() {
        if (opened) throw new InputError("stdin can only be read once");
        opened = true;
        return stdin;
      },
    };
    // Positional reads leave the descriptor's offset alone, so stdin still reads from byte 0.
    // (fstat first: reading `process.stdin` creates the stream, which an injected one avoids.)
    if (isRegularFile(STDIN_FD) && stdin === process.stdin) {
      opener.openForCount = () =>
        createReadStream("", { fd: STDIN_FD, start: 0, autoClose: false, highWaterMark: CHUNK });
      // `--input - < list.csv`: the file behind stdin can change too.
      const before = fstatSync(STDIN_FD);
      opener.changedSinceOpened = async () => describeChange(before, fstatSync(STDIN_FD));
    }
    return opener;
  }
  const absolute = resolve(path);
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(absolute);
  } catch (error) {
    throw new InputError(`cannot read input ${path}: ${describeFsError(error)}`, { cause: error });
  }
  if (!info.isFile()) throw new InputError(`cannot read input ${path}: not a regular file`);
  await assertReadable(absolute, path);
  const key = await fileKey(absolute);
  return {
    label: path,
    identity: { path: absolute, size: info.size, mtimeMs: info.mtimeMs },
    key,
    async changedSinceOpened() {
      try {
        return describeChange(info, await stat(absolute));
      } catch (error) {
        return `cannot be read any more (${describeFsError(error)})`;
      }
    },
    open: () => createReadStream(absolute, { highWaterMark: CHUNK }),
    openForCount: () => createReadStream(absolute, { highWaterMark: CHUNK }),
  };
}

/** What changed between two stats of the input, in words; `undefined` if nothing did. */
function describeChange(before: Stats, after: Stats): string | undefined {
  if (before.dev !== after.dev || before.ino !== after.ino) return "was replaced by another file";
  if (after.size < before.size) return `was truncated from ${before.size} to ${after.size} bytes`;
  if (after.size !== before.size) return `changed size from ${before.size} to ${after.size} bytes`;
  if (after.mtimeMs !== before.mtimeMs) return "was modified";
  return undefined;
}

function isRegularFile(fd: number): boolean {
  try {
    return fstatSync(fd).isFile();
  } catch {
    return false;
  }
}

async function assertReadable(absolute: string, label: string): Promise<void> {
  try {
    const handle = await open(absolute, "r");
    await handle.close();
  } catch (error) {
    throw new InputError(`cannot read input ${label}: ${describeFsError(error)}`, { cause: error });
  }
}

/** Turns a Node fs error into a short phrase (`no such file`, `permission denied`). */
export function describeFsError(error: unknown): string {
  const { code, errno } = (error ?? {}) as { code?: string; errno?: number };
  // Node 20's libuv has no name for EDQUOT: its code is "Unknown system error -122".
  if (errno !== undefined && errno === -(constants.errno.EDQUOT ?? Number.NaN))
    return "disk quota exceeded";
  switch (code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "is a directory";
    case "ENOTDIR":
      return "a parent is not a directory";
    case "ENOSPC":
      return "no space left on device";
    case "EFBIG":
      return "file too large";
    case "ELOOP":
      return "too many levels of symbolic links";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
