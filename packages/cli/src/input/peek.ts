/** The first items of an async iterable, and the iterable again with them first. */
export interface Peeked<T> {
  /** The items read ahead: as many as asked for, fewer when the iterable ended first. */
  head: T[];
  /** Every item once: the head again, then the rest, read on demand. */
  all: AsyncGenerator<T>;
}

/**
 * Reads the first items of `items` (an input's records, which a stream such as stdin cannot
 * give twice; a byte stream's first chunks), for a check that needs them before the rest is
 * read: `enough` items, or until `enough(head)` says so.
 */
export async function peek<T>(
  items: AsyncIterable<T>,
  enough: number | ((head: readonly T[]) => boolean),
): Promise<Peeked<T>> {
  const done = typeof enough === "number" ? (head: readonly T[]) => head.length >= enough : enough;
  const iterator = items[Symbol.asyncIterator]();
  const head: T[] = [];
  let ended = false;
  while (!done(head)) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    head.push(next.value);
  }
  async function* all(): AsyncGenerator<T> {
    yield* head;
    if (ended) return;
    for (let next = await iterator.next(); !next.done; next = await iterator.next())
      yield next.value;
  }
  return { head, all: all() };
}
