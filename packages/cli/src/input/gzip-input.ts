import { pipeline, Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { InputError } from "../errors.js";

/**
 * An input's bytes, gunzipped when they are gzip data (a `.csv.gz` export given as the file,
 * redirected to stdin or piped), told by its first two bytes (RFC 1952's magic), whatever the
 * name. A file is counted before it is read, so gzip data that is cut off (a download that
 * stopped) or corrupt is found by the count: a one-line {@link InputError}, before anything
 * is sent. Other inputs pass through as they are.
 */
export function decompressed(stream: Readable, label: string): Readable {
  return Readable.from(bytesOf(stream, label), { objectMode: false });
}

async function* bytesOf(stream: Readable, label: string): AsyncGenerator<Buffer> {
  const chunks = (stream as AsyncIterable<Buffer | string>)[Symbol.asyncIterator]();
  // The magic is two bytes, and a pipe may hand over a single byte first.
  let head = Buffer.alloc(0);
  let ended = false;
  while (head.length < 2 && !ended) {
    const next = await chunks.next();
    if (next.done) ended = true;
    else head = Buffer.concat([head, bufferOf(next.value)]);
  }
  async function* raw(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (ended) return;
    for (let next = await chunks.next(); !next.done; next = await chunks.next())
      yield bufferOf(next.value);
  }
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield* raw();
    return;
  }
  // pipeline: an error reading the file reaches the gunzip stream (and so the reader).
  const gunzip = pipeline(Readable.from(raw()), createGunzip(), () => {});
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) yield chunk;
  } catch (error) {
    if (!isZlibError(error)) throw error;
    throw new InputError(
      `cannot read input ${label}: its gzip data is cut off or corrupt (${(error as Error).message})`,
      { cause: error },
    );
  }
}

function bufferOf(chunk: Buffer | string): Buffer {
  return typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
}

/** zlib's errors carry `Z_…` codes (`Z_BUF_ERROR` for data cut off, `Z_DATA_ERROR`…). */
function isZlibError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("Z_");
}
