/** RFC 1952: every gzip member starts with these two bytes. */
export const GZIP_MAGIC: Buffer = Buffer.from([0x1f, 0x8b]);

/** Whether `head` (a file's or a stream's first bytes) starts a gzip member. */
export function isGzipHead(head: Buffer): boolean {
  return head.subarray(0, GZIP_MAGIC.length).equals(GZIP_MAGIC);
}
