import type { IncomingMessage } from "node:http";

/** A request body read from a socket: its bytes up to a limit, and its full size. */
export interface ReadBody {
  readonly body: Uint8Array;
  readonly bodyBytes: number;
}

const EMPTY = new Uint8Array(0);

/**
 * Reads a request body, keeping at most `keepBytes` in memory. A larger body is still read to
 * its end (only counted) so the connection stays usable and the client sees the 413 instead
 * of a broken pipe.
 */
export function readBody(request: IncomingMessage, keepBytes: number): Promise<ReadBody> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bodyBytes = 0;
    request.on("data", (chunk: Buffer) => {
      bodyBytes += chunk.length;
      if (bodyBytes <= keepBytes) chunks.push(chunk);
      else chunks.length = 0;
    });
    request.on("end", () => {
      if (bodyBytes > keepBytes || bodyBytes === 0) resolve({ body: EMPTY, bodyBytes });
      else
        resolve({
          body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, bodyBytes),
          bodyBytes,
        });
    });
    request.on("error", reject);
  });
}
