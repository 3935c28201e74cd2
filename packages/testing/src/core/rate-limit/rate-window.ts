/** What a rate window says about one request. */
export interface RateDecision {
  /** Whether the request fits in the budget. */
  readonly allowed: boolean;
  /** The budget of a window. */
  readonly limit: number;
  /** Requests left after this one (0 when refused). */
  readonly remaining: number;
  /** When the budget next grows (ms since the epoch). */
  readonly resetAtMs: number;
}

/** A rate-limit budget over time. */
export interface RateWindow {
  /** Counts a request at `now` if the budget allows it. */
  take(now: number): RateDecision;
  /** Reports the budget at `now` without counting anything. */
  peek(now: number): RateDecision;
  /** Forgets every counted request. */
  clear(): void;
}

/** How a budget is counted: windows aligned to the clock, or a sliding log of requests. */
export type WindowKind = "fixed" | "sliding";
