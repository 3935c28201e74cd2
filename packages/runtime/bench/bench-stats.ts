// What the runtime's benches print beside their figures.
import { loadavg } from "node:os";

/** The median of `values` (the mean of the middle two when their number is even). */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** The machine's load averages (1, 5, 15 min): a bench is only as quiet as the machine. */
export function loadAverages(): string {
  return loadavg()
    .map((l) => l.toFixed(1))
    .join(", ");
}
