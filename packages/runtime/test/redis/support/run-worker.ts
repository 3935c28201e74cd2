import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** What a worker process is told (see fixtures/redis-worker.mjs). */
export interface WorkerConfig {
  redisUrl: string;
  fakeUrl: string;
  apiKey: string;
  groupId: string;
  limit: number;
  intervalMs: number;
  /** Ids are `${prefix}-0` … `${prefix}-${count - 1}`. */
  prefix: string;
  count: number;
  /** Where the worker writes its {@link WorkerReport}. */
  out: string;
}

/** One identifier's outcome: [id, outcome, failure code or null]. */
export type OutcomeRow = [string, string, string | null];

/** What a worker reports when it is done. */
export interface WorkerReport {
  total: number;
  succeeded: number;
  failed: number;
  requests: number;
  retries: number;
  /** Messages of the store failures the runtime retried. */
  storeErrors: string[];
  /** Slots taken from the store (one per request attempt, plus any given up). */
  acquisitions: number;
  elapsedMs: number;
  outcomes: OutcomeRow[];
}

const workerScript = fileURLToPath(new URL("../fixtures/redis-worker.mjs", import.meta.url));
const builtRedisEntry = fileURLToPath(new URL("../../../dist/redis/index.js", import.meta.url));

/**
 * Starts one worker process per config on the built runtime, waits until every one has loaded
 * and connected to Redis, then lets them all go at once (and calls `onGo`). Resolves with their
 * reports; rejects with a worker's stderr if it fails.
 */
export async function runWorkers(
  configs: WorkerConfig[],
  onGo: () => void = () => {},
): Promise<WorkerReport[]> {
  if (!existsSync(builtRedisEntry)) {
    throw new Error(
      "packages/runtime is not built: run `pnpm turbo run build` (the test task does)",
    );
  }
  const children = configs.map((config) => {
    const child = spawn(process.execPath, [workerScript], {
      env: { ...process.env, REDIS_WORKER_CONFIG: JSON.stringify(config) },
      stdio: ["ignore", "ignore", "pipe", "ipc"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const exited = new Promise<void>((resolve, reject) => {
      child.once("exit", (code) =>
        code === 0
          ? resolve()
          : reject(new Error(`worker ${config.prefix} exited with ${code}: ${stderr.trim()}`)),
      );
    });
    return { child, exited, ready: readyOf(child, exited) };
  });
  await Promise.all(children.map((c) => c.ready));
  for (const { child } of children) child.send("go");
  onGo();
  await Promise.all(children.map((c) => c.exited));
  return Promise.all(
    configs.map(async (config) => JSON.parse(await readFile(config.out, "utf8")) as WorkerReport),
  );
}

function readyOf(child: ChildProcess, exited: Promise<void>): Promise<void> {
  return Promise.race([
    new Promise<void>((resolve) => child.once("message", () => resolve())),
    exited.then(() => {
      throw new Error("worker exited before it was ready");
    }),
  ]);
}
