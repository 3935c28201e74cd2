/** A rate-limit rule: at most `limit` requests in `intervalMs`. */
export interface RateRule {
  limit: number;
  intervalMs: number;
}

/**
 * The job's requests seen as the rule counts them: how many left in each trailing window,
 * against the most the rule allows in such a window.
 */
export interface BudgetWindow {
  /** The window counted: the rule's interval rounded up to whole steps (the timeline's 1 s). */
  windowMs: number;
  /**
   * The most any such window may hold under the rule: `limit` when the window is the rule's
   * interval, more when the window had to be widened (a 500 ms rule in a 1 s step: 2 ×).
   */
  ceiling: number;
  /** Requests in the window ending with each step (index as the timeline's). */
  counts: number[];
  /** The largest of {@link counts}. */
  busiest: number;
}

/**
 * Counts the requests of every trailing window of the rule's interval, one per step.
 *
 * Why not requests per second against `limit / interval`: Braze accepts a whole window's
 * budget at once, so a job that spends 5,000 requests of a minute in its first seconds
 * peaks far above "83.33/s" while keeping the rule exactly; a page drawn that way shows a
 * lawful job as a violation. Counting windows of the rule's own length compares like with
 * like. The counts are by send time, at the timeline's resolution: the server counts by
 * arrival, on windows of its own (fixed ones accept up to two budgets across their edge), so
 * its 429s stay the verdict.
 */
export function budgetWindow(requests: number[], stepMs: number, rule: RateRule): BudgetWindow {
  const steps = Math.max(1, Math.ceil(rule.intervalMs / stepMs));
  const windowMs = steps * stepMs;
  // Any span of `windowMs` splits into this many spans of at most the interval, each of which
  // the rule allows `limit`.
  const ceiling = Math.ceil(windowMs / rule.intervalMs) * rule.limit;
  const counts: number[] = [];
  let inWindow = 0;
  for (let i = 0; i < requests.length; i += 1) {
    inWindow += requests[i] ?? 0;
    if (i >= steps) inWindow -= requests[i - steps] ?? 0;
    counts.push(inWindow);
  }
  // A loop, not `Math.max(...counts)`: a job of days has more steps than a call's arguments.
  const busiest = counts.reduce((most, count) => Math.max(most, count), 0);
  return { windowMs, ceiling, counts, busiest };
}
