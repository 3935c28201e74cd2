import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { Worker } from "node:worker_threads";
import type { InputFingerprint } from "./job-page-data.js";

/**
 * Hashes in a worker thread: a 350 MB input takes about a second of SHA-256, which on the
 * main thread would stall reading, validating and sending for that long.
 */
const HASH_WORKER = `
const { createHash } = require("node:crypto");
const { createReadStream } = require("node:fs");
const { parentPort, workerData } = require("node:worker_threads");
const hash = createHash("sha256");
createReadStream(workerData, { highWaterMark: 1 << 20 })
  .on("data", (chunk) => hash.update(chunk))
  .on("error", (error) => parentPort.postMessage({ error: String(error.message) }))
  .on("end", () => parentPort.postMessage({ sha256: hash.digest("hex") }));
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
    const worker = new Worker(HASH_WORKER, { eval: true, workerData: path });
    worker.once("message", (message: { sha256?: string }) => {
      resolve(message.sha256 ?? null);
      void worker.terminate();
    });
    worker.once("error", () => resolve(null));
    worker.once("exit", () => resolve(null));
  });
  return Promise.all([size, sha256]).then(([bytes, hash]) => ({ name, bytes, sha256: hash }));
}
