import type { BudgetUse, RateRule } from "./budget-use.js";
import { formatCount, formatDuration } from "./dom.js";

/** The words around the rate chart, for what it draws (see {@link BudgetUse.source}). */
export interface BudgetText {
  /** The stats line's item: how full the fullest window was. */
  stat: string;
  caption: string;
  /** How it was counted, under the caption. */
  note: string;
  /** The legend's names of the use and of what was allowed, and the axis label. */
  series: string;
  allowed: string;
  axis: string;
}

/**
 * Says what the rate chart shows: the server's count of its window, or (when no answer said
 * it) the job's own requests in windows of the rule's length. Either way the server's 429s,
 * counted beside, are the verdict: the note says so.
 */
export function budgetText(use: BudgetUse, rule: RateRule, stepMs: number): BudgetText {
  if (use.source === "server") {
    return {
      stat: `busiest window: ${formatCount(use.busiest)} of ${formatCount(use.allowed)} (the server's count)`,
      caption: "The server's window: the requests it counted, against its limit",
      note: "From its answers (X-RateLimit-Limit − X-RateLimit-Remaining, the highest each second): every service of the workspace counts there, not only this job. Its 429s (above) are the verdict.",
      series: "counted by the server",
      allowed: "its limit",
      axis: "requests in its window",
    };
  }
  const window = formatDuration(use.windowMs);
  const told = `${formatCount(rule.limit)} per ${formatDuration(rule.intervalMs)}`;
  const widened =
    use.allowed === rule.limit ? "" : `, so at most ${formatCount(use.allowed)} per ${window}`;
  return {
    stat: `busiest ${window}: ${formatCount(use.busiest)} request${use.busiest === 1 ? "" : "s"} (the rule: ${told}${widened})`,
    caption: `Requests in any ${window}, against what the rule allows`,
    note: `No answer said how full the server's window was: these are the job's own requests, counted by send time in ${formatDuration(stepMs)} steps. The server counts arrivals, on windows of its own: its 429s (above) are the verdict.`,
    series: `requests in ${window}`,
    allowed: "the rule allows",
    axis: `requests in ${window}`,
  };
}
