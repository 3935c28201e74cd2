import type { OutcomeLine } from "./failure-sample.js";
import type { JobPair } from "./job-page-data.js";

/**
 * The most pairs a page lists. A job of more (one group per customer?) keeps its column's
 * description (`column "group"`) instead: a list of thousands helps no reader of the page.
 */
export const MAX_LISTED_PAIRS = 100;

/**
 * Counts the group and state pairs of a job whose rows carry their own (a `set` with group
 * and state columns), from its report lines, so its page says which groups it wrote, not
 * only `column "group"`. Memory is bounded by {@link MAX_LISTED_PAIRS}.
 */
export class PairTally {
  private readonly lines = new Map<string, JobPair>();
  private tooMany = false;

  /** Counts the line's pair; a line without both (an unreadable row) counts nowhere. */
  add(line: OutcomeLine): void {
    const { group, state } = line;
    if (this.tooMany || typeof group !== "string" || typeof state !== "string") return;
    const key = `${group}\u0000${state}`;
    const pair = this.lines.get(key);
    if (pair !== undefined) pair.lines += 1;
    else if (this.lines.size === MAX_LISTED_PAIRS) this.tooMany = true;
    else this.lines.set(key, { group, state, lines: 1 });
  }

  /** The pairs in the order first met; `undefined` with none, or more than the page lists. */
  pairs(): JobPair[] | undefined {
    return this.tooMany || this.lines.size === 0 ? undefined : [...this.lines.values()];
  }
}
