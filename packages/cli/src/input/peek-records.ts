/** The first items of an async iterable, and the iterable again with them first. */
export interface Peeked<T> {
  /** Up to the number asked for, fewer when the iterable ended first. */
  head: T[];
  /** Every item once: the head again, then the rest, read on demand. */
  all: AsyncIterable<T>;
}

/**
 * Reads the first `count` items of `items` (e.g. an input's records, which a stream such as
 * stdin cannot give twice), for a check that needs them before the job reads the rest.
 */
export async function peek<T>(items: AsyncIterable<T>, count: number): Promise<Peeked<T>> {
  const iterator = items[Symbol.asyncIterator]();
  const head: T[] = [];
  let ended = false;
  while (head.length < count) {
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
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, all: all() };
}
