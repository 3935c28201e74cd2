import { execFileSync } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

const FIXTURE = new URL("../fixtures/repo", import.meta.url).pathname;

/** A throwaway git repository holding a copy of fixtures/repo, committed once. */
export interface FixtureRepo {
  dir: string;
  git(...args: string[]): string;
  /** Rewrites a file of the repo through `edit`. */
  edit(path: string, edit: (text: string) => string): Promise<void>;
  write(path: string, text: string): Promise<void>;
  commit(message: string): void;
  remove(): Promise<void>;
}

/** Copies the fixture monorepo into a temporary folder and commits it. */
export async function createFixtureRepo(): Promise<FixtureRepo> {
  const dir = await mkdtemp(join(tmpdir(), "spec-diff-repo-"));
  await cp(FIXTURE, dir, { recursive: true });
  const git = (...args: string[]) =>
    execFileSync(
      "git",
      ["-c", "user.name=Fixture", "-c", "user.email=fixture@example.test", ...args],
      {
        cwd: dir,
        encoding: "utf8",
      },
    );
  git("init", "-q", "-b", "main");
  const repo: FixtureRepo = {
    dir,
    git,
    async edit(path, edit) {
      await writeFile(join(dir, path), edit(await readFile(join(dir, path), "utf8")));
    },
    async write(path, text) {
      await writeFile(join(dir, path), text);
    },
    commit(message) {
      git("add", "-A");
      git("commit", "-q", "-m", message);
    },
    remove: () => rm(dir, { recursive: true, force: true }),
  };
  repo.commit("initial");
  return repo;
}

/** A changeset file giving `@fixture/openapi` the bump. */
export function changeset(bump: string): string {
  return `---\n"@fixture/openapi": ${bump}\n---\n\nA spec change.\n`;
}
