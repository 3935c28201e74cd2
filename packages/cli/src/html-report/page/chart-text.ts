import type { TimelineData } from "../job-page-data.js";
import { formatCount } from "./dom.js";

/** What the timeline counted over the whole job (the rate chart's marks, summed). */
export interface TimelineTotals {
  requests: number;
  throttled: number;
  retries: number;
  pauses: number;
}

/**
 * The rate chart in words, for its image's name: a canvas says nothing to a screen reader,
 * so the numbers it draws are said here (the same as the stats line above it, in one place).
 */
export function rateText(
  caption: string,
  totals: TimelineTotals,
  peakPerSecond: number,
  busiest: string | undefined,
): string {
  return [
    `Chart: ${caption}`,
    `${formatCount(totals.requests)} requests sent, peak ${formatCount(peakPerSecond)} per second`,
    ...(busiest === undefined ? [] : [busiest]),
    `${formatCount(totals.throttled)} answered 429, ${formatCount(totals.retries)} retries and ${formatCount(totals.pauses)} pauses, drawn as marks`,
  ].join(". ");
}

/**
 * The latency chart in words: the range of each percentile over the seconds that had answers.
 * Shown under the chart too, as the chart alone gives no exact number (nor any on paper).
 */
export function latencyText(timeline: Pick<TimelineData, "p50" | "p95" | "p99">): string {
  const ranges = (["p50", "p95", "p99"] as const).map((name) => {
    const values = timeline[name].filter((v): v is number => v !== null);
    if (values.length === 0) return null;
    // Loops, not `Math.min(...values)`: a job of days has more seconds than a call's arguments.
    const low = values.reduce((a, b) => Math.min(a, b));
    const high = values.reduce((a, b) => Math.max(a, b));
    const range = low === high ? `${ms(low)}` : `${ms(low)} to ${ms(high)}`;
    return `${name} ${range} ms`;
  });
  const known = ranges.filter((text): text is string => text !== null);
  if (known.length === 0) return "No answer's latency was recorded.";
  return `Per second with answers: ${known.join("; ")}.`;
}

function ms(value: number): string {
  return formatCount(Math.round(value));
}
