import { GitError } from "./errors.js";
import { runCommand } from "./run-command.js";

/** Runs git in `cwd` and returns its standard output, or throws a {@link GitError}. */
export async function git(cwd: string, args: string[]): Promise<string> {
  try {
    return (await runCommand("git", args, cwd)).stdout;
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? "";
    throw new GitError(`git ${args.join(" ")} failed in ${cwd}: ${stderr || String(error)}`, {
      cause: error,
    });
  }
}

/** The full commit id of `ref`, or a {@link GitError} naming the ref. */
export async function resolveCommit(cwd: string, ref: string): Promise<string> {
  try {
    return (
      await runCommand("git", ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`], cwd)
    ).stdout.trim();
  } catch (error) {
    throw new GitError(`"${ref}" is not a commit of the git repository at ${cwd}`, {
      cause: error,
    });
  }
}

/** Whether `path` (relative to the repository root) exists at `commit`. */
export async function existsAtCommit(cwd: string, commit: string, path: string): Promise<boolean> {
  try {
    await runCommand("git", ["cat-file", "-e", `${commit}:${path}`], cwd);
    return true;
  } catch {
    return false;
  }
}

/**
 * The last release commit: the newest one that changed the `version` of the spec package.
 * `changeset version` writes it, so everything after it is unreleased. `HEAD` when none did.
 */
export async function lastReleaseCommit(cwd: string, specPackageJson: string): Promise<string> {
  const found = (
    await git(cwd, ["log", "-1", "--format=%H", '-G"version"', "--", specPackageJson])
  ).trim();
  return found === "" ? resolveCommit(cwd, "HEAD") : found;
}
