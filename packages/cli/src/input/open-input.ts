import { createReadStream, fstatSync } from "node:fs";
import { open, stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { InputError } from "../errors.js";

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
  return {
    label: path,
    identity: { path: absolute, size: info.size, mtimeMs: info.mtimeMs },
    open: () => createReadStream(absolute, { highWaterMark: CHUNK }),
    openForCount: () => createReadStream(absolute, { highWaterMark: CHUNK }),
  };
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
  const code = (error as { code?: string } | null)?.code;
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
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
