/** Largest number of times inside any span (t - intervalMs, t], as a sliding-window server counts. */
export function maxInAnyWindow(times: readonly number[], intervalMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[start] as number) <= (sorted[end] as number) - intervalMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
