import { open } from "node:fs/promises";
import { InputError } from "../errors.js";
import { GZIP_MAGIC, isGzipHead } from "../input/gzip-magic.js";
import { describeFsError } from "./fs-error.js";

/**
 * Refuses a report that is gzip data (`optouts.report.ndjson.gz`), with one line saying so:
 * an input is gunzipped, but a report is read as `set` wrote it (several passes over the
 * file), and a gzipped one read as "x.ndjson.gz:1: not a report line (not JSON)", a corrupt
 * report rather than one to gunzip first. Call it once `path` is known to be a regular file.
 */
export async function refuseGzippedReport(path: string): Promise<void> {
  const head = Buffer.alloc(GZIP_MAGIC.length);
  let read: number;
  try {
    const handle = await open(path, "r");
    try {
      ({ bytesRead: read } = await handle.read(head, 0, head.length, 0));
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw new InputError(`cannot read report ${path}: ${describeFsError(error)}`, { cause: error });
  }
  if (isGzipHead(head.subarray(0, read)))
    throw new InputError(
      `cannot read report ${path}: it is gzip data; a report is read as set wrote it: gunzip it first`,
    );
}
