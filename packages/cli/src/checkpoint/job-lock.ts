import { readFileSync, unlinkSync } from "node:fs";
import { link, open, rename, stat, unlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { UsageError } from "../errors.js";
import type { NamedFile } from "../files/distinct-files.js";
import { type FileKey, fileKey } from "../files/file-key.js";
import { describeFsError } from "../files/fs-error.js";

/** What the lock is called in messages. */
export const LOCK_FLAG = "the lock of --checkpoint";

/** Who holds a lock: written whole into the lock file before it takes the lock's name. */
interface LockOwner {
  pid: number;
  host: string;
  /** The process's start time from /proc (Linux), so a reused pid is not taken for the owner. */
  startTime: string | null;
  since: string;
}

/**
 * Where the lock of a checkpoint is: beside its real path (`checkpoint`'s key, links
 * followed), so that two runs naming it through different links meet at one lock. Outputs are
 * checked against it before the run starts (see `jobFiles`).
 */
export function lockPath(checkpoint: FileKey): string {
  return `${checkpoint.path}.lock`;
}

/**
 * An exclusive lock on a checkpoint, held by one run at a time: the file `<checkpoint>.lock`
 * beside the checkpoint's real path (so two runs naming it through different links meet),
 * holding the owner's pid, host and start time.
 *
 * The lock file is created complete under a temporary name and then hard-linked to its name,
 * which fails if the name exists: two runs can never both take it. A lock is stale, and
 * taken over, when its owner ran on this host and that process is gone (no process with its
 * pid, or one with another start time: the pid was reused); a lock from another host is never
 * taken over. The lock is removed when the run ends, also on a second Ctrl-C or a crash; only
 * a SIGKILL leaves it, and the next run finds it stale.
 */
export class JobLock {
  /** The lock file's path. */
  readonly path: string;
  /** The lock file as a file no output may overwrite. */
  readonly file: NamedFile;
  private released = false;
  private readonly onExit = () => this.release();

  private constructor(path: string, key: FileKey) {
    this.path = path;
    this.file = { flag: LOCK_FLAG, given: path, key };
    process.once("exit", this.onExit);
  }

  /** Takes the lock of the checkpoint `checkpoint` (its key), or throws a {@link UsageError}. */
  static async take(checkpoint: FileKey, given: string): Promise<JobLock> {
    const path = lockPath(checkpoint);
    const me: LockOwner = {
      pid: process.pid,
      host: hostname(),
      startTime: startTimeOf(process.pid),
      since: new Date().toISOString(),
    };
    const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(me)}\n`, { flag: "wx" });
      // A few tries: after a lock vanished meanwhile, or after taking a stale one away.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          await link(temporary, path);
          return new JobLock(path, await fileKey(path));
        } catch (error) {
          if ((error as { code?: string }).code !== "EEXIST") throw error;
        }
        const holder = await readOwner(path);
        if (holder === "gone") continue;
        if (holder === undefined || isAlive(holder.owner)) throw busy(given, path, holder?.owner);
        await removeStale(path, holder.ino);
      }
      throw busy(given, path, undefined);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`cannot lock checkpoint ${given} (${path}): ${describeFsError(error)}`, {
        cause: error,
      });
    } finally {
      await unlink(temporary).catch(() => {});
    }
  }

  /** Removes the lock file (idempotent, synchronous so it also runs on `exit`). */
  release(): void {
    if (this.released) return;
    this.released = true;
    process.off("exit", this.onExit);
    try {
      unlinkSync(this.path);
    } catch {}
  }
}

/** The lock's owner; `undefined` for a file that is not a lock; "gone" if it vanished. */
async function readOwner(
  path: string,
): Promise<{ owner: LockOwner; ino: number } | "gone" | undefined> {
  try {
    const handle = await open(path, "r");
    try {
      const info = await handle.stat();
      // A lock file is a short JSON line; a bigger one is not ours, and is not read.
      if (!info.isFile() || info.size > 4096) return undefined;
      const owner = JSON.parse(await handle.readFile("utf8")) as LockOwner;
      if (!Number.isInteger(owner.pid) || typeof owner.host !== "string") return undefined;
      return { owner, ino: info.ino };
    } finally {
      await handle.close();
    }
  } catch (error) {
    return (error as { code?: string }).code === "ENOENT" ? "gone" : undefined;
  }
}

function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true; // cannot tell: never taken over
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: a process of another user has that pid, so it exists.
    if ((error as { code?: string }).code !== "EPERM") return false;
  }
  const now = startTimeOf(owner.pid);
  return owner.startTime === null || now === null || now === owner.startTime;
}

/**
 * Moves a stale lock aside, then checks it is still the one judged stale: if another run
 * replaced it meanwhile, that run's lock is put back and this run is refused.
 */
async function removeStale(path: string, ino: number): Promise<void> {
  const aside = `${path}.${process.pid}.stale`;
  try {
    await rename(path, aside);
  } catch {
    return; // already gone: the next try takes it
  }
  if ((await stat(aside)).ino !== ino) await link(aside, path).catch(() => {});
  await unlink(aside).catch(() => {});
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); null off Linux. */
function startTimeOf(pid: number): string | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    return text.slice(text.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function busy(given: string, path: string, owner: LockOwner | undefined): UsageError {
  const who =
    owner === undefined
      ? "another run"
      : `process ${owner.pid} on ${owner.host}, since ${owner.since}`;
  return new UsageError(
    `checkpoint ${given} is in use by ${who}: wait for it to end, or delete ${path} if that run is gone`,
  );
}
