import { constants } from "node:os";

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
