import { fstatSync } from "node:fs";
import { lstat, readlink, realpath } from "node:fs/promises";
import { basename, dirname, join, resolve } from "node:path";

/**
 * What a path names on disk, so two paths can be compared as files rather than as names: a
 * symlink, a hard link or `dir/../file` to the same file gives the same key.
 */
export interface FileKey {
  /**
   * `dev:ino` of an existing file; for a file not created yet, `path:` and the absolute path
   * it would be created at, every link followed (a dangling symlink names its target).
   */
  id: string;
  /** The absolute path with every link followed. */
  path: string;
}

/** The key of a device and inode pair (from `stat(…, { bigint: true })`). */
export function inodeId(info: { dev: bigint; ino: bigint }): string {
  return `${info.dev}:${info.ino}`;
}

// Linux's own limit on links followed in one lookup.
const MAX_LINKS = 40;

/**
 * Resolves `path` to a {@link FileKey}, following symlinks one at a time so that a dangling
 * one still names the file it would create. Errors other than "does not exist" (a parent that
 * is a file, no permission) give a key by path: opening the path reports them better.
 */
export async function fileKey(path: string): Promise<FileKey> {
  let current = resolve(path);
  for (let hop = 0; hop <= MAX_LINKS; hop += 1) {
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(current, { bigint: true });
    } catch {
      const where = await wouldBeCreatedAt(current);
      return { id: `path:${where}`, path: where };
    }
    if (!info.isSymbolicLink()) {
      return { id: inodeId(info), path: await realpath(current).catch(() => current) };
    }
    current = resolve(dirname(current), await readlink(current));
  }
  const error = new Error(`${path}: too many levels of symbolic links`);
  throw Object.assign(error, { code: "ELOOP" });
}

/** The key of an open descriptor (stdin redirected from a file); `undefined` if fstat fails. */
export function descriptorKey(fd: number, label: string): FileKey | undefined {
  try {
    return { id: inodeId(fstatSync(fd, { bigint: true })), path: label };
  } catch {
    return undefined;
  }
}

async function wouldBeCreatedAt(path: string): Promise<string> {
  try {
    return join(await realpath(dirname(path)), basename(path));
  } catch {
    return path;
  }
}
