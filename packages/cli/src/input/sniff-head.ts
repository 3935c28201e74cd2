/** RFC 1952: every gzip member starts with these two bytes. */
export const GZIP_MAGIC: Buffer = Buffer.from([0x1f, 0x8b]);

/** Whether `head` (a file's or a stream's first bytes) starts a gzip member. */
export function isGzipHead(head: Buffer): boolean {
  return head.subarray(0, GZIP_MAGIC.length).equals(GZIP_MAGIC);
}

/** The first bytes of a byte stream, and the stream again with them first. */
export interface SniffedHead {
  /** At least the bytes asked for, unless the stream ended first. */
  head: Buffer;
  /** Every byte once, in chunks: the head, then the rest, read on demand. */
  chunks: AsyncGenerator<Buffer>;
}

/**
 * Reads at least `count` bytes of `chunks` (fewer when they end first), to tell what they are
 * by their first bytes: a pipe may hand over a single byte first.
 */
export async function sniffHead(
  chunks: AsyncIterable<Buffer>,
  count: number,
): Promise<SniffedHead> {
  const iterator = chunks[Symbol.asyncIterator]();
  let head = Buffer.alloc(0);
  let ended = false;
  while (head.length < count && !ended) {
    const next = await iterator.next();
    if (next.done) ended = true;
    else head = Buffer.concat([head, next.value]);
  }
  async function* all(): AsyncGenerator<Buffer> {
    if (head.length > 0) yield head;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield next.value;
  }
  return { head, chunks: all() };
}
