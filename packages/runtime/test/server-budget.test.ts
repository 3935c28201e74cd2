import { describe, expect, it } from "vitest";
import {
  budgetObserve,
  budgetTake,
  GrantLog,
  newBudgetState,
  type RateLimitRule,
} from "../src/index.js";

const rule: RateLimitRule = { limit: 10, intervalMs: 1000, headroom: 0.02 };

/** One bucket's budget on a clock the test moves. */
function bucket(r: RateLimitRule = rule) {
  const state = newBudgetState();
  const log = new GrantLog(2 * r.limit);
  let now = 1_000_000;
  return {
    state,
    at: (t: number) => {
      now = 1_000_000 + t;
    },
    take: () => budgetTake(state, log, r, now),
    /** Grants as many as are granted now; returns their tickets. */
    drain: () => {
      const tickets: number[] = [];
      for (
        let g = budgetTake(state, log, r, now);
        g.waitMs === 0;
        g = budgetTake(state, log, r, now)
      )
        tickets.push(g.ticket);
      return tickets;
    },
    answer: (
      ticket: number,
      word: { remaining?: number; resetAt?: number; refused?: boolean } = {},
    ) =>
      budgetObserve(
        state,
        log,
        r,
        {
          ticket,
          refused: word.refused ?? false,
          ...(word.remaining === undefined ? {} : { remaining: word.remaining, limit: r.limit }),
          ...(word.resetAt === undefined ? {} : { resetAtMs: 1_000_000 + word.resetAt }),
        },
        now,
      ),
  };
}

describe("the budget (budgetTake / budgetObserve)", () => {
  it("without headers, grants the whole limit at once, then one per answer older than the window", () => {
    const b = bucket();
    expect(b.drain()).toHaveLength(10);
    b.at(100);
    for (let t = 1; t <= 10; t++) b.answer(t);
    b.at(100 + 1019);
    expect(b.take().waitMs).toBeGreaterThan(0);
    b.at(100 + 1021); // interval × (1 + headroom) after the answers
    expect(b.drain()).toHaveLength(10);
  });

  it("counts a request in the window until its answer or failure comes, however late", () => {
    const b = bucket();
    expect(b.drain()).toHaveLength(10);
    b.at(5000); // no answer yet: the requests may still be queued somewhere
    expect(b.take().waitMs).toBeGreaterThan(0);
    b.answer(3); // settled now (an answer without headers, or a connection error)
    b.at(5000 + 1019);
    expect(b.take().waitMs).toBeGreaterThan(0);
    b.at(5000 + 1021);
    expect(b.drain()).toHaveLength(1);
  });

  it("spends what the server says remains, less every request in flight", () => {
    const b = bucket();
    const [first, ...rest] = b.drain();
    expect(rest).toHaveLength(9);
    // The server counted the first one; 9 of ours are still in flight and may not be counted.
    b.answer(first as number, { remaining: 9, resetAt: 800 });
    expect(b.take().waitMs).toBeGreaterThan(0);
    // At the reset one probe goes; its answer opens the new window.
    b.at(800);
    const probe = b.take();
    expect(probe.waitMs).toBe(0);
    expect(b.take().waitMs).toBeGreaterThan(0);
    for (const t of rest) b.answer(t);
    b.answer(probe.ticket, { remaining: 9, resetAt: 1800 });
    expect(b.drain()).toHaveLength(9);
  });

  it("leaves other consumers what they draw until the reset, once Remaining falls faster than its own sends", () => {
    const b = bucket({ limit: 100, intervalMs: 1000 });
    b.at(10); // a fixed window from 0 to 1000
    const one = b.take().ticket;
    b.answer(one, { remaining: 99, resetAt: 1000 });
    // 500 ms later, one more of ours: Remaining fell by 21, so others drew 20 in 500 ms.
    b.at(510);
    const two = b.take().ticket;
    b.answer(two, { remaining: 78, resetAt: 1000 });
    // 78 remain; others will draw 0.04/ms × 490 ms ≈ 20 more: about 58 are this job's.
    const granted = b.drain().length;
    expect(granted).toBeGreaterThanOrEqual(56);
    expect(granted).toBeLessThanOrEqual(58);
  });

  it("keeps to share × limit per window with rateLimit.share", () => {
    const b = bucket({ ...rule, share: 0.6 });
    expect(b.drain()).toHaveLength(6);
  });
});
