import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { Worker } from "node:worker_threads";
import type { InputFingerprint } from "./job-page-data.js";

/**
 * Hashes in a worker thread: a 350 MB input takes about a second of SHA-256, which on the
 * main thread would stall reading, validating and sending for that long. The file is read
 * again by the worker rather than hashed as the job reads it, so the readers stay as they are.
 */
const HASH_WORKER = `
const { createHash } = require("node:crypto");
const { closeSync, openSync, readSync } = require("node:fs");
const { parentPort, workerData } = require("node:worker_threads");
// One buffer, read into again and again: hashing 350 MB makes no garbage.
const buffer = Buffer.allocUnsafe(1 << 20);
const hash = createHash("sha256");
let fd;
try {
  fd = openSync(workerData, "r");
  for (let n; (n = readSync(fd, buffer, 0, buffer.length, null)) > 0; ) hash.update(buffer.subarray(0, n));
  parentPort.postMessage({ sha256: hash.digest("hex") });
} catch (error) {
  parentPort.postMessage({ error: String(error && error.message) });
} finally {
  if (fd !== undefined) closeSync(fd);
}
`;

/**
 * Starts fingerprinting the input (`-` is stdin: named, not measured): its name, size and
 * SHA-256, hashed beside the job. Resolves with `sha256: null` if the file cannot be read
 * again (the job itself reports unreadable input).
 */
export function fingerprintInput(path: string): Promise<InputFingerprint> {
  if (path === "-") return Promise.resolve({ name: "stdin", bytes: null, sha256: null });
  const name = basename(path);
  const size = stat(path).then(
    (stats) => stats.size,
    () => null,
  );
  const sha256 = new Promise<string | null>((resolve) => {
    const worker = new Worker(HASH_WORKER, {
      eval: true,
      workerData: path,
      // It holds one 1 MiB buffer: a small heap keeps the job's peak memory where it was.
      resourceLimits: { maxOldGenerationSizeMb: 8, maxYoungGenerationSizeMb: 1 },
    });
    worker.once("message", (message: { sha256?: string }) => {
      resolve(message.sha256 ?? null);
      void worker.terminate();
    });
    worker.once("error", () => resolve(null));
    worker.once("exit", () => resolve(null));
  });
  return Promise.all([size, sha256]).then(([bytes, hash]) => ({ name, bytes, sha256: hash }));
}
