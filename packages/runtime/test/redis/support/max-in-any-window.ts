/** Largest number of `times` (ms) inside any half-open window `(t - windowMs, t]`. */
export function maxInAnyWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let max = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while ((sorted[start] as number) <= (sorted[end] as number) - windowMs) start++;
    max = Math.max(max, end - start + 1);
  }
  return max;
}
