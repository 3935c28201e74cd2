/** The start of a response body, and whether there was more. */
export interface BoundedBody {
  /** At most `maxBytes` bytes. */
  bytes: Uint8Array<ArrayBuffer>;
  /** The body was longer than `maxBytes`; the rest was discarded unread. */
  truncated: boolean;
}

const EMPTY = new Uint8Array(0);

// Chunks of a fetch body are views of plain ArrayBuffers (never shared memory).
type Chunk = Uint8Array<ArrayBuffer>;

/**
 * Reads at most `maxBytes` of a response body, then cancels the stream, which closes the
 * connection instead of downloading the rest: a runaway or hostile answer (gigabytes of
 * error page) costs `maxBytes` of memory and one connection, not the whole body. A body that
 * fails mid-way (a reset) rejects, as `arrayBuffer()` would.
 */
export async function readBounded(response: Response, maxBytes: number): Promise<BoundedBody> {
  const stream = response.body;
  if (stream === null) return { bytes: EMPTY, truncated: false };
  const reader = stream.getReader();
  const chunks: Chunk[] = [];
  let size = 0;
  let truncated = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (size + value.byteLength > maxBytes) {
        chunks.push(value.subarray(0, maxBytes - size) as Chunk);
        size = maxBytes;
        truncated = true;
        break;
      }
      chunks.push(value as Chunk);
      size += value.byteLength;
    }
  } finally {
    if (truncated) {
      // Not awaited: cancelling resolves when the connection is torn down, which tells us
      // nothing we need, and a failure there has no one left to report to.
      reader.cancel().catch(() => {});
    } else {
      reader.releaseLock();
    }
  }
  return { bytes: concat(chunks, size), truncated };
}

function concat(chunks: Chunk[], size: number): Chunk {
  if (chunks.length === 1) return chunks[0] as Chunk;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
