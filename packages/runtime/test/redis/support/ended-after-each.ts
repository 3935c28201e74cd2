import { afterEach } from "vitest";

/** What a test starts and must end: a Redis server (`stop`), a store or a runtime (`close`), a client (`disconnect`). */
export type Endable =
  | { stop(): Promise<void> }
  | { close(): Promise<void> }
  | { disconnect(): void };

/**
 * `track(thing)` gives `thing` back and ends it after the test, whether it passed or not. The
 * newest ends first, as a stack unwinds: a store closes before the Redis server it talks to
 * stops, so that its close does not wait for a server that is gone.
 */
export function endedAfterEach(): <T extends Endable>(thing: T) => T {
  const ends: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const end of ends.splice(0).reverse()) await end();
  });
  return (thing) => {
    ends.push(() => {
      if ("stop" in thing) return thing.stop();
      if ("close" in thing) return thing.close();
      return thing.disconnect();
    });
    return thing;
  };
}
