import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { UsageError } from "../errors.js";
import { type NamedFile, sameFileMessage } from "./distinct-files.js";
import { inodeId } from "./file-key.js";

/**
 * Opens an output file for writing without truncating it first; then, from the descriptor
 * itself (so a symlink swapped in meanwhile cannot fool it), refuses a file that is one of
 * `protect` (the input, the checkpoint), and only then empties it. A path that is not a
 * regular file (`/dev/null`, a pipe) is written as it is. Errors of `open` propagate.
 */
export async function openOutput(
  path: string,
  flag: string,
  protect: ReadonlyArray<NamedFile | undefined>,
): Promise<FileHandle> {
  const handle = await open(path, constants.O_WRONLY | constants.O_CREAT | constants.O_NOCTTY);
  try {
    const info = await handle.stat({ bigint: true });
    const same = protect.find((file) => file?.key.id === inodeId(info));
    if (same !== undefined) throw new UsageError(sameFileMessage({ flag, given: path }, same));
    if (info.isFile()) await handle.truncate(0);
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}
