import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Writes generated files (name → contents) into `outDir`, creating it, and returns their
 * paths in the order given: the last step every generator shares.
 */
export async function writeGeneratedFiles(
  outDir: string,
  files: Record<string, string>,
): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const written: string[] = [];
  for (const [name, contents] of Object.entries(files)) {
    const path = join(outDir, name);
    await writeFile(path, contents);
    written.push(path);
  }
  return written;
}
