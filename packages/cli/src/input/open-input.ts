import { createReadStream, fstatSync, type Stats } from "node:fs";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import type { Readable } from "node:stream";
import { InputError } from "../errors.js";
import { descriptorKey, type FileKey, fileKey } from "../files/file-key.js";
import { describeFsError } from "../files/fs-error.js";
import { checkRegularFile } from "../files/regular-file.js";

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
  const info = await checkRegularFile(absolute, `input ${path}`, NOT_REGULAR_HINT);
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

/**
 * What to give instead of a pipe (`--input <(cmd)`, `--input /dev/stdin` with a pipe on
 * stdin): a file is read twice (its lines counted first, for the progress and the plan), a
 * pipe only once, which `--input -` does, without a line count.
 */
const NOT_REGULAR_HINT =
  "; a file is read twice (its lines are counted first): to read a pipe, give --input - and pipe it to stdin (cmd | braze-subscriptions … --input -)";

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
