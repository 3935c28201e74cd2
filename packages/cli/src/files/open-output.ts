import { constants, fstatSync, writeSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { type NamedFile, sameFileMessage } from "./distinct-files.js";
import { inodeId } from "./file-key.js";

/** An output opened by {@link openOutput}. */
export interface OutputFile {
  /** The descriptor it is written through (synchronous writes may use it directly). */
  readonly fd: number;
  /** Writes the whole of `text` at the output's position. */
  write(text: string): Promise<void>;
  /** Closes the output; this process's own stdout or stderr stays open. */
  close(): Promise<void>;
}

/**
 * Opens an output file for writing without truncating it first; then, from the descriptor
 * itself (so a symlink swapped in meanwhile cannot fool it), refuses a file that is one of
 * `protect` (the input, the checkpoint), and only then empties it. A path that is not a
 * regular file (`/dev/null`, a pipe) is written as it is. Errors of `open` propagate.
 *
 * A path that leads to the regular file this process's stdout or stderr writes to
 * (`--report /dev/stdout > out.ndjson`, or `>> audit.log`) is written through that stream's
 * own descriptor and never emptied: a descriptor of its own would start at the file's
 * beginning, so the summary printed on stdout overwrote report lines, and emptying it
 * destroyed what `>>` had kept there before the run.
 */
export async function openOutput(
  path: string,
  flag: string,
  protect: ReadonlyArray<NamedFile | undefined>,
): Promise<OutputFile> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NOCTTY);
  try {
    const info = await handle.stat({ bigint: true });
    const same = protect.find((file) => file?.key.id === inodeId(info));
    if (same !== undefined) throw new UsageError(sameFileMessage({ flag, given: path }, same));
    if (!info.isFile()) return fileOutput(handle);
    const stream = standardStreamWritingTo(inodeId(info));
    if (stream !== undefined) {
      await handle.close();
      return streamOutput(stream);
    }
    await handle.truncate(0);
    return fileOutput(handle);
  } catch (error) {
    await handle.close().catch(() => {});
    throw error;
  }
}

/** stdout's or stderr's descriptor when it writes to the file `id` (`dev:ino`). */
function standardStreamWritingTo(id: string): number | undefined {
  for (const fd of [1, 2]) {
    try {
      if (inodeId(fstatSync(fd, { bigint: true })) === id) return fd;
    } catch {
      // A closed standard stream writes nowhere.
    }
  }
  return undefined;
}

function fileOutput(handle: FileHandle): OutputFile {
  return {
    fd: handle.fd,
    write: (text) => handle.writeFile(text),
    close: () => handle.close(),
  };
}

function streamOutput(fd: number): OutputFile {
  return {
    fd,
    write: async (text) => {
      // Synchronous, as Node writes stdout to a file: the two stay in order.
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    },
    close: async () => {},
  };
}
