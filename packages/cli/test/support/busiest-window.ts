/**
 * Most requests in any span of `intervalMs` among arrival `times` (ms), as a sliding-window
 * server counts them: what a test of a rate limit compares with the limit.
 */
export function busiestWindow(times: readonly number[], intervalMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let end = 0, start = 0; end < sorted.length; end++) {
    while ((sorted[start] as number) <= (sorted[end] as number) - intervalMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}
