import { describe, expect, it } from "vitest";
import {
  budgetObserve,
  budgetTake,
  GrantLog,
  newBudgetState,
  type RateLimitRule,
} from "../src/index.js";

const rule: RateLimitRule = { limit: 10, intervalMs: 1000, headroom: 0.02 };

/** What a response says of the budget (times relative to the test's clock). */
interface Word {
  remaining?: number;
  resetAt?: number;
  refused?: boolean;
  limit?: number;
  /** The request ended without an answer (a connection error, a timeout). */
  settled?: boolean;
}

/**
 * One bucket's budget on a clock the test moves. `pastStartUp`: two requests were sent at
 * once and answered long before the test's time 0 (their slots long free), so
 * the test's requests are past the start-up and their round trips count for the log; the
 * test's tickets then start at 3.
 */
function bucket(r: RateLimitRule = rule, { pastStartUp = false } = {}) {
  const state = newBudgetState();
  const log = new GrantLog(2 * r.limit);
  let now = 1_000_000;
  const take = () => budgetTake(state, log, r, now);
  const answer = (ticket: number, word: Word = {}) =>
    budgetObserve(
      state,
      log,
      r,
      {
        ticket,
        refused: word.refused ?? false,
        ...(word.settled ? { settled: true } : {}),
        ...(word.remaining === undefined
          ? {}
          : { remaining: word.remaining, limit: word.limit ?? r.limit }),
        ...(word.resetAt === undefined ? {} : { resetAtMs: 1_000_000 + word.resetAt }),
      },
      now,
    );
  if (pastStartUp) {
    now -= 10 * r.intervalMs;
    const first = budgetTake(state, log, r, now).ticket;
    const second = budgetTake(state, log, r, now).ticket;
    now += 1;
    for (const ticket of [first, second]) {
      budgetObserve(state, log, r, { ticket, refused: false }, now);
    }
    now = 1_000_000;
  }
  const at = (t: number) => {
    now = 1_000_000 + t;
  };
  /** Grants as many as are granted now; returns their tickets. */
  const drain = () => {
    const tickets: number[] = [];
    for (let g = take(); g.waitMs === 0; g = take()) tickets.push(g.ticket);
    return tickets;
  };
  return {
    state,
    at,
    take,
    drain,
    /** Nothing is granted at `t − 1`; at `t`, `count` requests are (the log freed them). */
    freesAt: (t: number, count: number) => {
      at(t - 1);
      expect(take().waitMs).toBeGreaterThan(0);
      at(t);
      expect(drain()).toHaveLength(count);
    },
    /** The probe a reset lets go (granted now), answered with `word`: the new window's first. */
    probe: (word: Word) => {
      const probe = take();
      expect(probe.waitMs).toBe(0);
      answer(probe.ticket, word);
    },
    answer,
  };
}

/**
 * Limit 100 per 10 s, alone: the first word (99 remain), a burst of 60 at 100 ms, and at
 * 250 ms the answers of its first `answered` (98, 97, ...). Returns the bucket then.
 */
function burstOf60Answered(answered: number) {
  const b = bucket({ limit: 100, intervalMs: 10_000 });
  b.answer(b.take().ticket, { remaining: 99, resetAt: 10_000 });
  b.at(100);
  const burst = Array.from({ length: 60 }, () => b.take());
  expect(burst.every((g) => g.waitMs === 0)).toBe(true);
  b.at(250);
  for (const [i, g] of burst.slice(0, answered).entries()) {
    b.answer(g.ticket, { remaining: 98 - i, resetAt: 10_000 });
  }
  return b;
}

describe("the budget (budgetTake / budgetObserve)", () => {
  it("without headers, grants the whole limit at once, then one per answer older than the window", () => {
    const b = bucket();
    expect(b.drain()).toHaveLength(10);
    b.at(100);
    for (let t = 1; t <= 10; t++) b.answer(t);
    // interval × (1 + headroom) after the answers: the start-up's round trips (sent before
    // any answer came) take nothing off
    b.at(100 + 1020 - 1);
    expect(b.take().waitMs).toBeGreaterThan(0);
    b.at(100 + 1020);
    const next = b.drain();
    expect(next).toHaveLength(10);
    // Past the start-up: less half the fastest round trip (100 ms)
    b.at(1220);
    for (const t of next) b.answer(t);
    b.freesAt(1220 + 1020 - 50, 10);
  });

  it("forgets an answered grant sooner by half the fastest round trip seen, not the latest", () => {
    const b = bucket(rule, { pastStartUp: true });
    const [first, ...rest] = b.drain();
    b.at(40);
    b.answer(first as number); // a round trip of 40 ms: the fastest
    b.at(300);
    for (const t of rest) b.answer(t); // 300 ms: slower, so the allowance stays 20 ms
    b.at(300 + 1020 - 20 - 1);
    expect(b.drain()).toHaveLength(1); // the first: 40 + 1020 − 20
    b.at(300 + 1020 - 20);
    expect(b.drain()).toHaveLength(9);
  });

  it("takes no round trip from a request that ended without an answer", () => {
    const b = bucket(rule, { pastStartUp: true });
    const tickets = b.drain();
    expect(tickets).toHaveLength(10);
    b.at(100);
    for (const t of tickets) b.answer(t, { settled: true });
    b.freesAt(100 + 1020, 10);
  });

  it("reads a state saved by an older version (no start-up fields) as a start-up", () => {
    const b = bucket();
    const saved = b.state as unknown as Record<string, unknown>;
    for (const field of ["firstAnswerAt", "warmRoundTrip"]) {
      Reflect.deleteProperty(saved, field);
    }
    const tickets = b.drain();
    b.at(100);
    for (const t of tickets) b.answer(t);
    // A missing round trip is none, not NaN (which granted at once).
    b.freesAt(100 + 1020, 10);
  });

  it("takes at most half the interval off however slow the fastest round trip", () => {
    const b = bucket(rule, { pastStartUp: true });
    const tickets = b.drain();
    expect(tickets).toHaveLength(10);
    b.at(3000);
    for (const t of tickets) b.answer(t); // 3 s: the allowance would be 1.5 s
    b.freesAt(3000 + 1020 - 500, 10);
  });

  it("counts a request in the window until its answer or failure comes, however late", () => {
    const b = bucket();
    expect(b.drain()).toHaveLength(10);
    b.at(5000); // no answer yet: the requests may still be queued somewhere
    expect(b.take().waitMs).toBeGreaterThan(0);
    b.answer(3, { settled: true }); // a connection error now (no round trip to learn from)
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

  it("probes a reset only if no grant since the word took the one request it frees (sliding windows)", () => {
    const b = bucket(rule, { pastStartUp: true });
    const tickets = b.drain();
    expect(tickets).toHaveLength(10);
    const last = tickets.pop() as number;
    b.at(50);
    for (const t of tickets) b.answer(t);
    // The last answer: nothing remains; a sliding window frees its oldest by the reset.
    b.at(60);
    b.answer(last, { remaining: 0, resetAt: 1040 });
    // Past the reset, the log frees the first nine (answered at 50, less half the round trip
    // of 50 ms) and reuses their slots: the reset freed no more than those, so a probe on top
    // would be one too many.
    b.at(50 - 25 + 1021);
    expect(b.drain()).toHaveLength(9);
    expect(b.take().waitMs).toBeGreaterThan(0);
  });

  it("in the first window the server told of, grants no more than its words allow, though the log would", () => {
    const b = bucket({ limit: 20, intervalMs: 1000 });
    const one = b.take().ticket;
    b.at(10);
    b.answer(one, { remaining: 19, resetAt: 1000 });
    for (let i = 0; i < 5; i++) expect(b.take().waitMs).toBe(0);
    // Others drew 4 meanwhile; the four of ours still in flight hide it (not evidence yet).
    b.at(20);
    b.answer(2, { remaining: 14, resetAt: 1000 });
    expect(b.state.foreignPerMs).toBe(0);
    // The word leaves 14, less the four in flight: 10 more. The log (16 of 20) would send
    // four past that, into what the others drew: nothing of this group has left the window.
    expect(b.drain()).toHaveLength(10);
    b.at(999);
    expect(b.drain()).toHaveLength(0);
  });

  it("learns others from a 429 whose answer comes after its window reset", () => {
    const b = bucket({ limit: 10, intervalMs: 1000 });
    const one = b.take().ticket;
    b.at(10);
    b.answer(one, { remaining: 9, resetAt: 1000 });
    expect(b.drain()).toHaveLength(9);
    b.at(20);
    for (let t = 2; t <= 6; t++) b.answer(t, { remaining: 10 - t, resetAt: 1000 });
    // The rest were refused (the window was full) and their answers come after its reset:
    // others took the 4 this group did not get accepted in it.
    b.at(1005);
    for (let t = 7; t <= 10; t++) b.answer(t, { refused: true, remaining: 0, resetAt: 1000 });
    expect(b.state.foreignPerMs * 1000).toBeCloseTo(4);
    // The next window leaves them 4 (and the margin): 3 of its 9 for this group, not 9.
    b.probe({ remaining: 9, resetAt: 2000 });
    expect(b.drain()).toHaveLength(3);
  });

  it("probes again soon when the server had not turned the window yet, and reads its resets that much later", () => {
    const b = bucket();
    const first = b.take().ticket;
    b.at(5);
    b.answer(first, { remaining: 9, resetAt: 500 });
    const rest = b.drain();
    expect(rest).toHaveLength(9);
    b.at(10);
    for (const [i, t] of rest.entries()) b.answer(t, { remaining: 8 - i, resetAt: 500 });
    // The server's clock is 20 ms behind: the reset's probe, sent 10 ms after the reset, is
    // refused about the window it followed (which proves more than 10 ms: 11).
    b.at(510);
    const probe = b.take();
    expect(probe.waitMs).toBe(0);
    b.at(511);
    b.answer(probe.ticket, { refused: true, remaining: 0, resetAt: 500 });
    // The next probe waits as long again as the window has stayed open (11 ms), not a window.
    b.at(521);
    expect(b.take().waitMs).toBeGreaterThan(0);
    b.at(522);
    const second = b.take();
    expect(second.waitMs).toBe(0);
    b.at(523);
    b.answer(second.ticket, { remaining: 9, resetAt: 1500 });
    const more = b.drain();
    expect(more).toHaveLength(9);
    b.at(530);
    for (const [i, t] of more.entries()) b.answer(t, { remaining: 8 - i, resetAt: 1500 });
    // The next reset comes 11 ms later on this clock: no probe at 1500.
    b.at(1505);
    expect(b.take().waitMs).toBe(6);
    b.at(1511);
    expect(b.take().waitMs).toBe(0);
  });

  it("probes again when a request sent at the reset its answer names was accepted in that window", () => {
    const b = bucket();
    const first = b.take().ticket;
    b.at(5);
    b.answer(first, { remaining: 1, resetAt: 500 });
    b.at(500);
    const probe = b.take();
    expect(probe.waitMs).toBe(0);
    // It took the window's last request: counted there, it took nothing of the next one.
    b.at(501);
    b.answer(probe.ticket, { remaining: 0, resetAt: 500 });
    expect(b.take().waitMs).toBe(1);
    b.at(502);
    expect(b.take().waitMs).toBe(0);
  });

  it("keeps a later window's word when a request counted in the window before answers after it", () => {
    const b = bucket({ limit: 3, intervalMs: 1000 });
    const first = b.take().ticket;
    b.at(5);
    b.answer(first, { remaining: 2, resetAt: 500 });
    b.at(490);
    const before = b.take().ticket;
    b.at(505);
    const probe = b.take().ticket;
    // The server is 20 ms behind, and the probe overtook the earlier request on the way: it
    // was counted before the server turned its window, the earlier one after. The earlier
    // one's answer (the new window) comes first, then the probe's (the old one).
    b.at(560);
    b.answer(before, { remaining: 2, resetAt: 1500 });
    b.at(570);
    b.answer(probe, { remaining: 0, resetAt: 500 });
    expect(b.take().waitMs).toBe(0);
  });

  it("forgets a server clock's lag ten windows after it was last shown", () => {
    const b = bucket();
    const first = b.take().ticket;
    b.at(5);
    b.answer(first, { remaining: 9, resetAt: 500 });
    b.at(510);
    const probe = b.take().ticket;
    b.at(511);
    b.answer(probe, { refused: true, remaining: 0, resetAt: 500 });
    expect(b.state.serverLag).toBe(11);
    // Eleven windows on, a word's reset is read as the server sent it.
    b.at(11_600);
    const later = b.take().ticket;
    b.at(11_601);
    b.answer(later, { remaining: 9, resetAt: 12_000 });
    expect(b.state.obsResetAt).toBe(1_000_000 + 12_000);
  });

  it("does not probe a reset whose freed request grants made while the word was on its way took", () => {
    const b = bucket({ limit: 5, intervalMs: 1000 }, { pastStartUp: true });
    const tickets = b.drain();
    expect(tickets).toHaveLength(5);
    b.at(100);
    for (const [i, t] of tickets.entries()) b.answer(t, { remaining: 4 - i, resetAt: 1000 });
    // The reset's probe leaves; while it is on its way the log frees the first five (answered
    // at 100, less half the 100 ms round trip, plus the interval) and reuses their slots.
    b.at(1000);
    const probe = b.take().ticket;
    b.at(1050);
    expect(b.drain()).toHaveLength(4);
    // Its word: one left when it was counted, maybe before those four. At its reset they may
    // have taken that one and the one the reset frees: no second probe on top.
    b.at(1100);
    b.answer(probe, { remaining: 1, resetAt: 1500 });
    b.at(1500);
    expect(b.take().waitMs).toBeGreaterThan(0);
  });

  it("probes a fixed window's reset even when answers the word counted came after it", () => {
    const b = bucket();
    expect(b.drain()).toHaveLength(10);
    // The newest request's answer comes first and says the window is spent; the other nine,
    // counted in it, are answered later. Nothing was granted since the word came.
    b.at(5);
    b.answer(10, { remaining: 0, resetAt: 500 });
    b.at(20);
    for (let t = 1; t <= 9; t++) b.answer(t, { remaining: 9 - t, resetAt: 500 });
    b.at(500);
    expect(b.take().waitMs).toBe(0);
  });

  it("caps the log at the server's X-RateLimit-Limit when the rule it was told is higher", () => {
    const b = bucket({ limit: 40, intervalMs: 1000 });
    const first = b.take().ticket;
    b.at(10);
    // The server counts 10 per window, not 40 (a contract told wrong).
    b.answer(first, { remaining: 9, resetAt: 500, limit: 10 });
    expect(b.drain()).toHaveLength(9);
  });

  it("does not take its own requests, counted out of order, for other consumers", () => {
    const b = bucket({ limit: 100, intervalMs: 1000 });
    for (let i = 0; i < 15; i++) b.take();
    // The 15th arrived first; the other 14 were held up (a busy machine) and arrived later.
    b.at(10);
    b.answer(15, { remaining: 99, resetAt: 1000 });
    b.at(120);
    // The 16th, sent after that answer, is the window's scout: the rest wait for its word.
    expect(b.drain()).toEqual([16]);
    // It finds 15 fewer: its own 15, not others' 14.
    b.at(150);
    b.answer(16, { remaining: 84, resetAt: 1000 });
    expect(b.drain().length).toBeGreaterThanOrEqual(60);
  });

  it("forgets others' draw two windows after the last evidence of them", () => {
    const b = bucket({ limit: 100, intervalMs: 1000 });
    b.at(10);
    b.answer(b.take().ticket, { remaining: 99, resetAt: 1000 });
    // Remaining fell by 21 in 500 ms, one of them ours: others drew 20 (or a 429 storm did).
    b.at(510);
    b.answer(b.take().ticket, { remaining: 78, resetAt: 1000 });
    const drained = b.drain();
    expect(drained.length).toBeLessThanOrEqual(58);
    b.at(520);
    for (const t of drained) b.answer(t, { remaining: 20, resetAt: 1000 });
    // Three windows on, nothing more was seen of them: a fresh window is the job's again.
    b.at(3000);
    const probe = b.take();
    b.answer(probe.ticket, { remaining: 99, resetAt: 4000 });
    expect(b.drain().length).toBeGreaterThanOrEqual(90);
  });

  it("measures others afresh once their estimate is past its memory, not from the old one", () => {
    // Others drew 50 in 500 ms: 90 a second, the most ever left them.
    const { b } = othersMeasured(50);
    expect(b.state.foreignPerMs * 1000).toBeCloseTo(90, 5);
    // Ten windows later a job finds them drawing 4 in 500 ms: 8 a second, not 90 again.
    b.at(10_010);
    b.answer(b.take().ticket, { remaining: 99, resetAt: 11_000 });
    b.at(10_510);
    b.answer(b.take().ticket, { remaining: 94, resetAt: 11_000 });
    expect(b.state.foreignPerMs * 1000).toBeCloseTo(8, 5);
  });

  it("after a 429, leaves other consumers what they took of that window", () => {
    const b = bucket({ limit: 10, intervalMs: 1000 });
    expect(b.drain()).toHaveLength(10);
    // Six were accepted; then others took four and the last four were refused.
    b.at(500);
    for (let t = 1; t <= 6; t++) b.answer(t, { remaining: 10 - t, resetAt: 1000 });
    for (let t = 7; t <= 10; t++) b.answer(t, { remaining: 0, resetAt: 1000, refused: true });
    // The next window: its probe finds 9 left, of which others are expected to take 8.
    b.at(1000);
    b.probe({ remaining: 9, resetAt: 2000 });
    expect(b.drain().length).toBeLessThanOrEqual(1);
  });

  /**
   * Limit 20: a first burst of 20 sent blind at 700 ms; the first answers (`Remaining`, or
   * `"lost"`: no answer) were counted before the reset at 1 s, the rest after it, with nothing
   * of others'; all answered by 1,020 ms.
   */
  function blindFirstBurst(firstWindow: ReadonlyArray<number | "lost">) {
    const b = bucket({ limit: 20, intervalMs: 1000 });
    b.at(700);
    const burst = b.drain();
    expect(burst).toHaveLength(20);
    b.at(990);
    for (const [i, said] of firstWindow.entries()) {
      const ticket = burst[i] as number;
      if (said === "lost") b.answer(ticket, { settled: true });
      else b.answer(ticket, { remaining: said, resetAt: 1000 });
    }
    expect(b.state.foreignPerMs).toBe(0);
    b.at(1020);
    for (const [i, ticket] of burst.slice(firstWindow.length).entries()) {
      b.answer(ticket, { remaining: 19 - i, resetAt: 2000 });
    }
    return b;
  }

  it("counts the first window whole once it is over: others a blind burst hid are left their part", () => {
    // A CI run under load: the job's first burst straddled the window's turn, no word in it
    // left after an earlier one was heard, so none measured others; the next window's words
    // showed none (the job took it as it opened) and a consumer spread over the window was
    // starved, unseen: 22 of its requests refused in three windows.
    // Nine counted before the reset, three of others' among them.
    const b = blindFirstBurst([19, 16, 15, 14, 12, 11, 10, 9, 8]);
    // 20 − 8 − 9: three a window, a floor (they drew after the lowest word too).
    expect(b.state.foreignPerMs * 1000).toBeCloseTo(3, 5);
    // The next window leaves them their part and a margin: 14 of its 19 go, not all.
    b.at(2000);
    b.probe({ remaining: 19, resetAt: 3000 });
    expect(b.drain()).toHaveLength(14);
  });

  it("tallies no first window an answer without a word may have been counted in", () => {
    // The second request's answer was lost: it may be what the fall of Remaining shows.
    const b = blindFirstBurst([19, "lost", 16, 15]);
    expect(b.state.foreignPerMs).toBe(0);
    b.at(2000);
    b.probe({ remaining: 19, resetAt: 3000 });
    expect(b.drain()).toHaveLength(19);
  });

  it("waits for every grant made before the first answer about a later window: a low ticket counted late is no sign of others", () => {
    // A review's case, alone: ticket 1 reached the server after the turn, 10 and 11 before it
    // but answered late. Closed on the tickets below 1's, the tally read them as others' (2).
    const b = bucket({ limit: 20, intervalMs: 1000 });
    b.at(990);
    const burst = b.drain();
    expect(burst).toHaveLength(20);
    const say = (ticket: number, remaining: number, resetAt: number) =>
      b.answer(burst[ticket - 1] as number, { remaining, resetAt });
    b.at(999);
    for (let t = 2; t <= 9; t++) say(t, 21 - t, 1000);
    say(12, 9, 1000);
    b.at(1003);
    say(1, 19, 2000);
    b.at(1010);
    say(10, 11, 1000);
    say(11, 10, 1000);
    for (let t = 13; t <= 20; t++) say(t, 31 - t, 2000);
    expect(b.state.foreignPerMs).toBe(0);
    b.at(2000);
    b.probe({ remaining: 19, resetAt: 3000 });
    expect(b.drain()).toHaveLength(19);
  });

  it("takes nothing a previous run left in the first window for others' draw", () => {
    // Five of the window were spent before the job's first request was counted (by this
    // job's previous run, or by others: the tally cannot tell, so it counts from the first).
    const b = blindFirstBurst([14, 13, 12, 11, 10, 9, 8, 7, 6]);
    expect(b.state.foreignPerMs).toBe(0);
  });

  it("gives the first window's tally up a window after its reset while an answer never came", () => {
    // Ticket 5's answer never comes: it keeps the tally open until it leaves the log, 40
    // grants on, and then it would be taken for others' (here, 3). A window after the reset,
    // the tally is given up instead.
    const b = bucket({ limit: 20, intervalMs: 1000 });
    b.at(700);
    const burst = b.drain();
    b.at(990);
    for (const [i, remaining] of [19, 16, 15, 14, -1, 12, 11, 10, 9].entries()) {
      if (remaining >= 0) b.answer(burst[i] as number, { remaining, resetAt: 1000 });
    }
    b.at(1020);
    for (const [i, ticket] of burst.slice(9).entries()) {
      b.answer(ticket, { remaining: 19 - i, resetAt: 2000 });
    }
    b.at(2000);
    b.probe({ remaining: 19, resetAt: 3000 });
    expect(b.state.tallyReset).toBeGreaterThan(0);
    b.at(2001);
    b.answer(b.take().ticket, { remaining: 18, resetAt: 3000 });
    expect(b.state.tallyReset).toBe(-1);
    expect(b.state.foreignPerMs).toBe(0);
  });

  /** A window (0 to 1000) where others drew `drawn` in 500 ms, then this job's burst, answered. */
  function othersMeasured(drawn: number) {
    const b = bucket({ limit: 100, intervalMs: 1000 });
    b.at(10);
    b.answer(b.take().ticket, { remaining: 99, resetAt: 1000 });
    b.at(510);
    b.answer(b.take().ticket, { remaining: 98 - drawn, resetAt: 1000 });
    const burst = b.drain();
    b.at(520);
    for (const [i, t] of burst.entries()) b.answer(t, { remaining: 97 - drawn - i, resetAt: 1000 });
    return { b, burst, left: 97 - drawn - burst.length + 1 };
  }

  /**
   * After {@link othersMeasured}(20): the first window's late word (5 left), the second
   * window's probe finding `first` left, the job's burst there answered 10 ms later, and the
   * second window's late word granted at 1900.
   */
  function toTheSecondLateWord(first: number) {
    const { b } = othersMeasured(20);
    b.at(900);
    const lastWord = b.take();
    b.at(905);
    b.answer(lastWord.ticket, { remaining: 5, resetAt: 1000 });
    b.at(1000);
    b.probe({ remaining: first, resetAt: 2000 });
    const burst = b.drain();
    b.at(1010);
    for (const [i, t] of burst.entries()) b.answer(t, { remaining: first - 1 - i, resetAt: 2000 });
    b.at(1900);
    const late = b.take();
    expect(late.waitMs).toBe(0);
    b.at(1905);
    return { b, burst, late };
  }

  it("held back by others' reserve, sends one late word before the reset, then waits for it", () => {
    const { b, burst, left } = othersMeasured(20);
    // Others draw 0.04/ms: about 20 until the reset, and a margin of 2.
    expect(burst).toHaveLength(56);
    expect(left).toBe(22);
    // Nothing more until a tenth of the interval before the reset: then one late word.
    expect(b.take().waitMs).toBe(380);
    b.at(899);
    expect(b.take().waitMs).toBe(1);
    b.at(900);
    const late = b.take();
    expect(late.waitMs).toBe(0);
    expect(b.take().waitMs).toBe(100);
    // It finds what others drew over nearly the whole window (16 more of the 22): 36 in 890 ms
    // since the window's first word. The next window leaves them that, and a twentieth more.
    b.at(905);
    b.answer(late.ticket, { remaining: 5, resetAt: 1000 });
    b.at(1000);
    b.probe({ remaining: 99, resetAt: 2000 });
    const next = b.drain().length;
    expect(next).toBeGreaterThanOrEqual(54);
    expect(next).toBeLessThanOrEqual(57);
  });

  it("leads the reset by two of the last late word's round trips, not a burst's slow answers", () => {
    const { b } = othersMeasured(20);
    b.at(900);
    const late = b.take();
    expect(late.waitMs).toBe(0);
    // The late word goes alone: its answer took 5 ms.
    b.at(905);
    b.answer(late.ticket, { remaining: 5, resetAt: 1000 });
    b.at(1000);
    b.probe({ remaining: 99, resetAt: 2000 });
    const burst = b.drain();
    // Queued behind one another, the burst's answers took 190 ms: the next late word still
    // leaves a tenth of the interval before the reset (two of 190 ms would be 380 ms).
    b.at(1190);
    for (const [i, t] of burst.entries()) b.answer(t, { remaining: 98 - i, resetAt: 2000 });
    expect(b.take().waitMs).toBe(710);
    b.at(1900);
    expect(b.take().waitMs).toBe(0);
  });

  /** After {@link othersMeasured}(20): its late word still out, the next window's probe (99 left) and burst. */
  function lateWordOutAtTheReset() {
    const { b } = othersMeasured(20);
    b.at(900);
    const late = b.take();
    b.at(1000);
    b.probe({ remaining: 99, resetAt: 2000 });
    return { b, late, burst: b.drain() };
  }

  it("leads the next reset by two of the last late word's round trip though its answer came after the reset", () => {
    const { b, late, burst } = lateWordOutAtTheReset();
    // 150 ms, longer than a tenth of the interval: about a window that is over, it still tells
    // how long a lone request takes (the newest word's, queued behind the burst, takes 160).
    b.at(1050);
    b.answer(late.ticket, { remaining: 5, resetAt: 1000 });
    b.at(1160);
    for (const [i, t] of burst.entries()) b.answer(t, { remaining: 98 - i, resetAt: 2000 });
    expect(b.take().waitMs).toBe(2000 - 300 - 1160);
  });

  it("keeps sending late words after one whose answer took over a quarter of the interval", () => {
    const { b, late, burst } = lateWordOutAtTheReset();
    b.at(1010);
    for (const [i, t] of burst.entries()) b.answer(t, { remaining: 98 - i, resetAt: 2000 });
    // 300 ms: two of it lead by more than half the window, where no late word goes. The newest
    // word's 10 ms is the shorter: the next late word still goes a tenth before the reset.
    b.at(1200);
    b.answer(late.ticket, { remaining: 5, resetAt: 1000 });
    expect(b.take().waitMs).toBe(700);
  });

  it("pairs what others drew of a window with the word it was counted from", () => {
    const { b } = othersMeasured(20);
    b.at(900);
    const late = b.take();
    b.at(905);
    b.answer(late.ticket, { remaining: 5, resetAt: 1000 });
    b.at(1000);
    b.probe({ remaining: 99, resetAt: 2000 });
    const first = b.take().ticket;
    const second = b.take().ticket;
    // The second is counted first (98 left) and answered first: the newest word. Then others
    // send 25, and the first is counted (72 left): an older ticket's word, not taken. The 25
    // are in neither the newest word's Remaining nor, if paired with it, the reserve.
    b.at(1010);
    b.answer(second, { remaining: 98, resetAt: 2000 });
    b.at(1035);
    b.answer(first, { remaining: 72, resetAt: 2000 });
    expect(b.drain()).toHaveLength(54);
  });

  it("when the late word finds a window spent that left others their part from its start, leaves them twice what they took", () => {
    // Others drew 5 in 500 ms: 0.01/ms measured, so the job left them 7 of the window.
    const { b, burst } = othersMeasured(5);
    expect(burst).toHaveLength(86);
    // The first window opened with nothing reserved: the job took most of it before it knew of
    // them, so a spent window says nothing of what they want. Its late word, refused, leaves
    // them what it measured (12 in 895 ms, and a margin), not twice that.
    b.at(900);
    const firstLate = b.take();
    expect(firstLate.waitMs).toBe(0);
    b.at(905);
    b.answer(firstLate.ticket, { remaining: 0, resetAt: 1000, refused: true });
    b.at(1000);
    b.probe({ remaining: 99, resetAt: 2000 });
    const second = b.drain();
    expect(second.length).toBeGreaterThanOrEqual(83);
    expect(second.length).toBeLessThanOrEqual(86);
    // The second window left them their part from its first word on. Its late word finds it
    // spent too: they wanted more (refused requests never show in Remaining), so the third
    // window leaves them twice what they took of the second (15 in 905 ms), and the margin.
    b.at(1010);
    for (const [i, t] of second.entries()) b.answer(t, { remaining: 98 - i, resetAt: 2000 });
    b.at(1900);
    const late = b.take();
    expect(late.waitMs).toBe(0);
    b.at(1905);
    b.answer(late.ticket, { remaining: 0, resetAt: 2000, refused: true });
    b.at(2000);
    b.probe({ remaining: 99, resetAt: 3000 });
    const third = b.drain().length;
    expect(third).toBeGreaterThanOrEqual(58);
    expect(third).toBeLessThanOrEqual(66);
  });

  it("sees others hidden behind its own requests in flight, once their answers tell the order", () => {
    // Limit 1,000 per 10 s. The job keeps 64 requests in flight, each counted as it leaves and
    // answered 140–160 ms later; another consumer takes one every 25 ms (40 a second) all
    // window. Every word took the 63 others in flight as maybe counted before it, so others
    // showed only once they drew 20 past that (2.1 s), when the job had spent the window:
    // 261 of their 400 were refused. Their answers' Remaining tells which were.
    const b = bucket({ limit: 1000, intervalMs: 10_000 });
    let counted = 0;
    let jobAccepted = 0;
    let othersRefused = 0;
    const inFlight = new Map<number, { at: number; word: Word }>();
    for (let t = 0; t < 10_000; t++) {
      b.at(t);
      if (t > 0 && t % 25 === 0) {
        if (counted < 1000) counted++;
        else othersRefused++;
      }
      // Each answer frees a slot for the next request at once, as a steady stream does.
      const send = () => {
        const g = b.take();
        if (g.waitMs > 0) return false;
        const refused = counted >= 1000;
        if (!refused) {
          counted++;
          jobAccepted++;
        }
        const word = { remaining: 1000 - counted, resetAt: 10_000, refused };
        inFlight.set(g.ticket, { at: t + 140 + (g.ticket % 21), word });
        return true;
      };
      for (const [ticket, { at, word }] of inFlight) {
        if (at !== t) continue;
        inFlight.delete(ticket);
        b.answer(ticket, word);
        send();
      }
      while (inFlight.size < 64 && send()) {}
    }
    expect(othersRefused).toBe(0);
    // And the job still takes over 0.9 of the 600 they leave.
    expect(jobAccepted).toBeGreaterThan(540);
  });

  it("once its burst is answered, takes no grant whose answer said more than the newest word as missing from it", () => {
    // Limit 100 per 10 s, alone: a burst of 60 after the first word, answered 98 to 39. The
    // newest word (39) left with the other 59, whose answers said more: counted before it.
    // Counting them too, nothing went until the reset, 10 s later (a one-window job at 64 in
    // flight on Braze's minute sent its last 62 requests a minute late).
    expect(burstOf60Answered(60).drain()).toHaveLength(39);
  });

  it("while its burst is out, counts the grants answered since the newest word left: a margin for others", () => {
    // The same with twenty of the burst unanswered: the newest word (59) may yet be followed
    // by others' draw its requests in flight hide; 59 less the 39 answered since it left and
    // the 20 in flight leaves nothing to grant until more answers come.
    expect(burstOf60Answered(40).drain()).toHaveLength(0);
  });

  it("with others drawing on the window, keeps counting the grants answered since the newest word left", () => {
    // Two processes with their own stores send 32 each at once into one window (limit 100 per
    // 10 s); the server interleaves them. Each then sends its scout, counted after both bursts
    // (35 left). Exact about its own requests, each took the 35, and 35 of their 69 were
    // refused (a review's simulation); with the margin kept while others drew, 4 and 3 go.
    const a = bucket({ limit: 100, intervalMs: 10_000 });
    const b = bucket({ limit: 100, intervalMs: 10_000 });
    let counted = 0;
    const serve = () => ({ remaining: 100 - ++counted, resetAt: 10_000 });
    const bursts = [a, b].map((p) => Array.from({ length: 32 }, () => p.take().ticket));
    const words = bursts.map(() => [] as Word[]);
    for (let i = 0; i < 32; i++) for (const w of words) w.push(serve());
    const scouts = [a, b].map((p, k) => {
      p.at(100);
      p.answer(bursts[k]?.[0] as number, words[k]?.[0]);
      const scout = p.drain();
      p.at(110);
      for (let i = 1; i < 32; i++) p.answer(bursts[k]?.[i] as number, words[k]?.[i]);
      return scout;
    });
    expect(scouts.map((s) => s.length)).toEqual([1, 1]);
    const scoutWords = scouts.map(() => serve());
    const [grantedA = 0, grantedB = 0] = [a, b].map((p, k) => {
      p.at(200);
      p.answer(scouts[k]?.[0] as number, scoutWords[k]);
      return p.drain().length;
    });
    expect(grantedA + grantedB).toBeLessThanOrEqual(100 - counted);
  });

  it("counts its own requests between two words whatever reset their answers named", () => {
    // A Reset more than an interval ahead is capped at the answer plus the interval, so one
    // server window reads as several resets here: an answer that said 97 between words of 99
    // and 93 was this job's, whatever reset it named (taken as another window's, it read as
    // others'). An answer without a word may have been counted anywhere; unanswered ones, after.
    const log = new GrantLog(10);
    for (let t = 1; t <= 6; t++) log.record(t, 0);
    const answers: [ticket: number, resetAt: number, remaining: number][] = [
      [1, 1100, 97],
      [2, 1300, 95],
      [3, 1300, 99],
      [4, 1300, 93],
    ];
    for (const [ticket, resetAt, remaining] of answers) {
      log.arrivedBy(ticket, 100);
      log.countedIn(ticket, resetAt);
      log.saw(ticket, remaining);
    }
    log.arrivedBy(5, 100);
    expect(log.countAnsweredBetween(0, 93, 99)).toBe(3);
    // None answered after 100.
    expect(log.countAnsweredBetween(100, 93, 99)).toBe(0);
  });

  it("keeps others' estimate when the late word finds spent a window that opened with nothing reserved", () => {
    const b = bucket({ limit: 100, intervalMs: 1000 });
    b.at(10);
    b.answer(b.take().ticket, { remaining: 99, resetAt: 1000 });
    const burst = Array.from({ length: 40 }, () => b.take().ticket);
    // Others drew 8 while the burst was out: 8 between two words that left at once, over a
    // tenth of the interval at least (80 a second), and the 51 left are held for them.
    b.at(120);
    for (const [i, t] of burst.entries()) b.answer(t, { remaining: 90 - i, resetAt: 1000 });
    expect(b.state.foreignPerMs * 1000).toBeCloseTo(80, 1);
    expect(b.drain()).toEqual([]);
    // The late word finds the 51 gone: others drew 58 in 890 ms, and wanted more than was
    // left (their refusals never show). A floor: the estimate stays, not 65 a second.
    b.at(900);
    const late = b.take();
    expect(late.waitMs).toBe(0);
    b.at(905);
    b.answer(late.ticket, { remaining: 0, resetAt: 1000 });
    expect(b.state.foreignPerMs * 1000).toBeCloseTo(80, 1);
    // The next window leaves them 80 and a twentieth more: 15 of its 99 go (30 at 65 a second).
    b.at(1000);
    b.probe({ remaining: 99, resetAt: 2000 });
    expect(b.drain()).toHaveLength(15);
  });

  it("grants nothing after the late word in its window, also when its answer clears others' estimate", () => {
    // Others seen in the first window draw nothing in the second: the late word sees none over
    // the whole window and clears the estimate. The window is over for the job all the same:
    // its own log (the rule without headers) must not send past the server's word.
    const { b, burst, late } = toTheSecondLateWord(99);
    expect(burst.length).toBeGreaterThan(0);
    b.answer(late.ticket, { remaining: 98 - burst.length, resetAt: 2000 });
    expect(b.state.foreignPerMs).toBe(0);
    expect(b.drain()).toEqual([]);
    expect(b.take().waitMs).toBe(95);
  });

  it("leaves others their window's part less what they drew before its first word, and keeps their estimate", () => {
    // In the second window others spend 20 as it opens, before this job's first word there
    // (a cron batch, or a loaded machine's late probe), and nothing after. Their window's
    // part is 40.4 (36 in 890 ms) and a margin of 2; they drew 20 of it: 22.4 are left to
    // them, not 42.4 (the rate until the reset), so 56 of the 79 go, not 36.
    const { b, burst, late } = toTheSecondLateWord(79);
    expect(burst).toHaveLength(56);
    // The late word sees none since the window's first word, but the 20 before it: their
    // estimate stays (20 in 900 ms), not cleared as if they had stopped.
    b.answer(late.ticket, { remaining: 78 - burst.length, resetAt: 2000 });
    expect(b.state.foreignPerMs * 1000).toBeCloseTo(22.2, 1);
    expect(b.drain()).toEqual([]);
  });

  it("sends no late word into a window it spent itself (no other consumer seen: no 429)", () => {
    const b = bucket();
    const tickets = b.drain();
    b.at(5);
    for (const [i, t] of tickets.entries()) b.answer(t, { remaining: 9 - i, resetAt: 1000 });
    b.at(950);
    expect(b.take().waitMs).toBe(50);
  });

  it("after a burst sent blind into a new window, sends one scout and waits for its word", () => {
    const b = bucket({ limit: 100, intervalMs: 1000 });
    const first = b.take().ticket;
    b.at(10);
    b.answer(first, { remaining: 99, resetAt: 1000 });
    // Just before the reset ten go on the first window's word; the server counts them in the
    // next, all at its start, where others have drawn nothing yet.
    b.at(990);
    const blind = Array.from({ length: 10 }, () => b.take().ticket);
    b.at(1100);
    b.answer(blind[0] as number, { remaining: 99, resetAt: 2000 });
    // The window's first word came with nine sent alongside it still out: one scout only.
    // Its answer wakes this process; others sharing the store ask again after the fastest
    // round trip seen (10 ms), not at the reset.
    const scouts = b.drain();
    expect(scouts).toHaveLength(1);
    expect(b.take().waitMs).toBe(10);
    for (let i = 1; i < 10; i++) b.answer(blind[i] as number, { remaining: 99 - i, resetAt: 2000 });
    expect(b.drain()).toEqual([]);
    // Counted 110 ms after them, the scout finds others drew 9 (34.6/s): their window's part
    // (34.6, and a margin of 2) less the 9 they drew is left to them; 52 of the 80 go (46
    // when the rate alone, from when the scout left until the reset, was reserved).
    b.at(1250);
    b.answer(scouts[0] as number, { remaining: 80, resetAt: 2000 });
    expect(b.state.foreignPerMs * 1000).toBeCloseTo(34.6, 1);
    expect(b.drain()).toHaveLength(52);
  });

  it("leaves out of a window's words the requests whose answers named the window before", () => {
    const b = bucket({ limit: 100, intervalMs: 1000 });
    const first = b.take().ticket;
    b.at(10);
    b.answer(first, { remaining: 99, resetAt: 1000 });
    b.at(950);
    const straddling = Array.from({ length: 5 }, () => b.take().ticket);
    // Three were counted in the first window (their answers come after its reset), two in the
    // next: the first of those is the next window's reference, sent before the three arrived.
    b.at(1010);
    for (let i = 0; i < 3; i++) {
      b.answer(straddling[i] as number, { remaining: 98 - i, resetAt: 1000 });
    }
    b.answer(straddling[3] as number, { remaining: 99, resetAt: 2000 });
    b.answer(straddling[4] as number, { remaining: 98, resetAt: 2000 });
    b.at(1020);
    const scouts = b.drain();
    expect(scouts).toHaveLength(1);
    // Others drew 4 since the reference: only this group's two since it count against that,
    // not the three the first window counted (which made it 1, no evidence, and a burst).
    b.at(1200);
    b.answer(scouts[0] as number, { remaining: 93, resetAt: 2000 });
    expect(b.state.foreignPerMs * 1000).toBeCloseTo(16);
    // Their window's part (16, and a margin of 2) less the 4 they drew is left to them.
    expect(b.drain()).toHaveLength(79);
  });

  it("keeps to share × limit per window with rateLimit.share", () => {
    const b = bucket({ ...rule, share: 0.6 });
    expect(b.drain()).toHaveLength(6);
  });

  describe("a ceiling told over a longer window than the server's", () => {
    // `--rate-limit 40/10s` against a server of 40 a second: the counts are equal, so the
    // server's words alone granted 40 a second (until 6 December 2026).
    const told = { limit: 40, intervalMs: 10_000, ceiling: true, serverIntervalMs: 1000 };
    /** Every window of a second answered with what remains of 40, its reset at its end. */
    const serverWindows = (b: ReturnType<typeof bucket>, seconds: number) => {
      let granted = 0;
      for (let second = 0; second < seconds; second++) {
        b.at(second * 1000 + 10);
        const tickets = b.drain();
        granted += tickets.length;
        b.at(second * 1000 + 60);
        for (const [n, ticket] of tickets.entries()) {
          const remaining = Math.max(0, 39 - n);
          b.answer(ticket, { remaining, limit: 40, resetAt: (second + 1) * 1000 });
        }
      }
      return granted;
    };

    it("holds limit per its own window, whatever the server's windows say", () => {
      const b = bucket(told, { pastStartUp: true });
      expect(serverWindows(b, 9)).toBe(40);
    });

    it("with a share, holds share × limit over its own window", () => {
      expect(serverWindows(bucket({ ...told, share: 0.5 }, { pastStartUp: true }), 9)).toBe(20);
    });

    it("told over the spec's window, follows the server's words (the spec's window is compared)", () => {
      const same = { ...told, serverIntervalMs: 10_000 };
      expect(serverWindows(bucket(same, { pastStartUp: true }), 3)).toBeGreaterThan(40);
    });
  });
});
