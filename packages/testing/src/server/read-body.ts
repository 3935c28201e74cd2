import type { IncomingMessage } from "node:http";

const EMPTY = new Uint8Array(0);

/**
 * Reads a request body, keeping at most `keepBytes` in memory, then calls `done` with the
 * bytes kept and the full size. A larger body is still read to its end (only counted) so the
 * connection stays usable and the client sees the 413 instead of a broken pipe. Callbacks,
 * not a promise: this runs for every request, and the benchmark showed the difference.
 */
export function readBody(
  request: IncomingMessage,
  keepBytes: number,
  done: (body: Uint8Array, bodyBytes: number) => void,
  failed: (error: Error) => void,
): void {
  const chunks: Buffer[] = [];
  let bodyBytes = 0;
  request.on("data", (chunk: Buffer) => {
    bodyBytes += chunk.length;
    if (bodyBytes <= keepBytes) chunks.push(chunk);
    else chunks.length = 0;
  });
  request.on("end", () => {
    if (bodyBytes > keepBytes || bodyBytes === 0) done(EMPTY, bodyBytes);
    else
      done(
        chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, bodyBytes),
        bodyBytes,
      );
  });
  request.on("error", failed);
}

/**
 * A request header by lower-case name, from `rawHeaders`: node builds `request.headers`
 * lazily, and skipping that object is measurably cheaper on the hot path.
 */
export function rawHeader(rawHeaders: readonly string[], name: string): string | undefined {
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const key = rawHeaders[i] as string;
    if (key.length === name.length && key.toLowerCase() === name) return rawHeaders[i + 1];
  }
  return undefined;
}
