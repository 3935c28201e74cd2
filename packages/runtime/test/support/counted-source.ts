/**
 * A source of `count` external ids (`user-0`, `user-1`, …) that counts how many the runtime
 * has read from it: a stopped job must give an outcome to every one it read, and only to those
 * (it reads only as fast as it sends, so most are never read).
 */
export function countedSource(count: number): { source: Generator<string>; read: () => number } {
  let read = 0;
  function* source(): Generator<string> {
    for (let i = 0; i < count; i++) {
      read++;
      yield `user-${i}`;
    }
  }
  return { source: source(), read: () => read };
}
