/**
 * Waits until `condition` holds (checked every 50 ms), e.g. until a child process has sent
 * some requests before it is signalled; fails naming `what` after `timeoutMs`.
 */
export async function until(
  what: string,
  condition: () => boolean,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
