import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Checks, without creating or touching anything, that `path` could be written later: an
 * existing file must be writable (and not a directory), a new one's directory must be. For an
 * output written only when a job ends (the job page), so that a bad path is still refused
 * before any work and a job that fails early leaves no empty file behind. Throws the fs error.
 */
export async function checkWritable(path: string): Promise<void> {
  try {
    const info = await stat(path);
    if (info.isDirectory())
      throw Object.assign(new Error(`${path} is a directory`), { code: "EISDIR" });
    await access(path, constants.W_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    await access(dirname(path), constants.W_OK);
  }
}
