import type { Stats } from "node:fs";
import { open, stat } from "node:fs/promises";
import { InputError } from "../errors.js";
import { describeFsError } from "./fs-error.js";

/**
 * Checks, before anything is read, that `path` is a regular file this process can open:
 * every file the CLI reads (the input, a report read back) is read more than once or to its
 * end, which a directory (`EISDIR` mid-read), a device (`/dev/zero` never ends) or a pipe
 * (read once) does not allow. `what` names the file in the refusal (`input list.csv`);
 * `notRegular` is added when it is a pipe or a device (what to give instead). Throws an
 * {@link InputError} (exit 2, one line): `cannot read input x: not a regular file (a pipe)…`.
 */
export async function checkRegularFile(
  path: string,
  what: string,
  notRegular = "",
): Promise<Stats> {
  let info: Stats;
  try {
    info = await stat(path);
    // Opened once, so that a file without read permission is refused here too.
    if (info.isFile()) await (await open(path, "r")).close();
  } catch (error) {
    throw new InputError(`cannot read ${what}: ${describeFsError(error)}`, { cause: error });
  }
  if (!info.isFile()) {
    const hint = info.isDirectory() ? "" : notRegular;
    throw new InputError(`cannot read ${what}: not a regular file (${kindOf(info)})${hint}`);
  }
  return info;
}

/** What a path that is not a regular file is, in words. */
function kindOf(info: Stats): string {
  if (info.isDirectory()) return "a directory";
  if (info.isFIFO()) return "a pipe";
  if (info.isCharacterDevice() || info.isBlockDevice()) return "a device";
  if (info.isSocket()) return "a socket";
  return "not a file";
}
