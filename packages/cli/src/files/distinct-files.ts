import { UsageError } from "../errors.js";
import type { FileKey } from "./file-key.js";

/** A file a command reads or writes, with the flag and the path the user gave for it. */
export interface NamedFile {
  /** `--input`, `--report`, `--checkpoint`. */
  flag: string;
  /** The path as given (`-` for stdin). */
  given: string;
  key: FileKey;
}

/**
 * Refuses two flags naming one file on disk (same device and inode, or the same place to be
 * created), however they name it: the same path, a symlink, a hard link, a dangling symlink
 * to the other's path. Writing the report over the input or the checkpoint would destroy it.
 */
export function assertDistinctFiles(files: ReadonlyArray<NamedFile | undefined>): void {
  const seen: NamedFile[] = [];
  for (const file of files) {
    if (file === undefined) continue;
    const same = seen.find((other) => other.key.id === file.key.id);
    if (same !== undefined) throw new UsageError(sameFileMessage(file, same));
    seen.push(file);
  }
}

/** The one-line refusal for `file` being `other` on disk. */
export function sameFileMessage(
  file: Pick<NamedFile, "flag" | "given">,
  other: Pick<NamedFile, "flag" | "given">,
): string {
  return file.given === other.given
    ? `${file.flag} and ${other.flag} name the same file (${file.given}): refusing to overwrite it`
    : `${file.flag} ${file.given} and ${other.flag} ${other.given} are the same file on disk (a link or another path to it): refusing to overwrite it`;
}
