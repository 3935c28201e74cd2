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
 * Counts the requests of every trailing window of the rule's interval, one per step: what
 * the page draws when no answer said how full the server's window was (see
 * {@link budgetUse}). The counts are by send time, at the timeline's resolution: the server
 * counts by arrival, on windows of its own (fixed ones accept up to two budgets across their
 * edge), so its 429s stay the verdict.
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

/** How full the job's budget was, step by step, and what it allowed: what the rate chart draws. */
export interface BudgetUse {
  /**
   * `server`: the server's own count of its window, from its answers (`X-RateLimit-Limit` −
   * `X-RateLimit-Remaining`, every consumer of the workspace included). `rule`: the job's own
   * requests in each trailing window of the rule's length ({@link budgetWindow}).
   */
  source: "server" | "rule";
  /** Per step; `null` where nothing was known (no answer carried the headers that second). */
  used: Array<number | null>;
  /** What a window may hold: the server's `X-RateLimit-Limit`, or the rule's ceiling. */
  allowed: number;
  /** The most of {@link used}. */
  busiest: number;
  /** The window counted, for `rule` (the server's window has no length it tells). */
  windowMs: number;
}

/**
 * The budget's use as the page shows it. Why not requests per second against `limit ÷
 * interval`: Braze accepts a whole window's budget at once, so a job that spends a minute's
 * 5,000 requests in its first seconds peaks far above "83.33/s" while keeping the rule
 * exactly: a page drawn that way showed a lawful job as a violation. Why the server's count
 * first: on fixed windows a job that starts late in one spends what it leaves, then the next
 * window's budget at its start, lawfully; any trailing count of our own then shows up to
 * twice the limit (measured: 795 in 10 s against 600 per 10 s, no 429).
 */
export function budgetUse(
  timeline: { requests: number[]; budgeted?: number[]; stepMs: number } & ServerWord,
  rule: RateRule,
): BudgetUse {
  const { serverUsed, serverLimit } = timeline;
  if (serverUsed !== undefined && serverLimit != null && serverUsed.some((v) => v !== null)) {
    const busiest = serverUsed.reduce<number>((most, v) => Math.max(most, v ?? 0), 0);
    return { source: "server", used: serverUsed, allowed: serverLimit, busiest, windowMs: 0 };
  }
  const own = budgetWindow(timeline.budgeted ?? timeline.requests, timeline.stepMs, rule);
  return {
    source: "rule",
    used: own.counts,
    allowed: own.ceiling,
    busiest: own.busiest,
    windowMs: own.windowMs,
  };
}

/** The server's word a timeline keeps (see `TimelineData.serverUsed`). */
interface ServerWord {
  serverUsed?: Array<number | null>;
  serverLimit?: number | null;
}
