import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach } from "vitest";

/** A temporary directory, removed by the returned cleanup. */
export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "braze-cli-test-"));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The directory {@link useTempDir} makes for a file's or a `describe`'s tests. */
export interface TempDir {
  /** Its path; read it in a hook or a test (it is made in a hook, not when the file loads). */
  readonly dir: string;
  /** The path of `names` below it. */
  path(...names: string[]): string;
}

/**
 * A temporary directory ({@link tempDir}) for the tests of the file or `describe` that calls
 * this: made before them, removed with what they wrote after them. A fresh one for each test
 * with `perTest`.
 *
 * Call it before the scope's own hooks: `before` hooks run in the order they were registered
 * and `after` hooks in reverse, so the scope's set-up can write into the directory and its
 * tear-down (a server still writing a report, a mount) ends before the directory goes.
 */
export function useTempDir(options: { perTest?: boolean } = {}): TempDir {
  let made: Awaited<ReturnType<typeof tempDir>> | undefined;
  const make = async () => {
    made = await tempDir();
  };
  // A failed set-up may leave nothing to remove.
  const remove = async () => {
    await made?.cleanup();
    made = undefined;
  };
  if (options.perTest) {
    beforeEach(make);
    afterEach(remove);
  } else {
    beforeAll(make);
    afterAll(remove);
  }
  const temp: TempDir = {
    get dir() {
      if (!made) throw new Error("useTempDir: no directory outside its tests and their hooks");
      return made.dir;
    },
    path: (...names) => join(temp.dir, ...names),
  };
  return temp;
}
