import { mkdir, stat } from "node:fs/promises";
import { dirname } from "node:path";

/**
 * Creates `dir` and its missing parents, as `mkdir -p` does, one level at a time. Node's own
 * `mkdir(dir, { recursive: true })` never returns for a path under `/proc` (the kernel
 * answers "no such file" for a parent that exists, and Node tries again for ever); here a
 * second "no such file" once the parent is there is the answer. A `dir` that exists as
 * something else than a directory fails with `EEXIST`.
 */
export async function makeDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") {
      if ((await stat(dir)).isDirectory()) return;
      throw error;
    }
    const parent = dirname(dir);
    if (code !== "ENOENT" || parent === dir) throw error;
    await makeDirectory(parent);
    await mkdir(dir);
  }
}
