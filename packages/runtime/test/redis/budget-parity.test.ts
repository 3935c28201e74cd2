import { type RedisServer, startRedisServer } from "@braze-subscriptions/redis-server";
import fc from "fast-check";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryLimiterStore, type RateLimitRule } from "../../src/index.js";
import { RedisLimiterStore } from "../../src/redis/index.js";
import {
  type Decision,
  outcomeOf,
  runScript,
  type Step,
  tickets,
} from "./support/budget-script.js";
import { budgetScriptArbitrary, jobScriptArbitrary } from "./support/budget-script-arbitrary.js";
import { fakeClockClient } from "./support/fake-clock-client.js";

// The budget exists twice: in TypeScript (the in-memory store, the reference) and in Lua (the
// Redis store, atomic on the Redis server's clock). Each scenario drives the same calls, with
// the same words of the server, through both on one fake clock, and both must decide alike:
// the same grants, the same tickets, the same wait hints.

/**
 * How far the two stores' wait hints may differ: the Lua answers whole microseconds, rounded
 * up (the store divides by 1000), so the Redis hint is at most 1 µs above the reference.
 */
const WAIT_TOLERANCE_MS = 0.001;

/** Time 0 of every scenario, aligned to the intervals below (fixed windows start there). */
const START = 1_800_000_000_000;

/**
 * Ten seconds: Redis expires an idle bucket's log after three windows of real time (its
 * `PEXPIRE` is not on the fake clock), so a window must outlast a scenario on a loaded machine.
 */
const I = 10_000;

/**
 * Two requests sent at once and answered long before time 0: the scenario's
 * requests are past the start-up, so their round trips count for the log; its tickets start
 * at 3.
 */
const PAST_START_UP: Step[] = [
  { at: -5 * I },
  { take: 2, grants: 2 },
  { at: -5 * I + 1 },
  { answer: [1, 2] },
  { at: 0 },
];

interface Scenario {
  name: string;
  rule: RateLimitRule;
  steps: Step[];
}

/** `Remaining` falling by one per answer, from `first`. */
function falling(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => first - i);
}

/**
 * Limit 100: a first word (99 remain), then a second request, sent and answered at these
 * times, finds `remaining`: the fall beyond the job's own one request is others' draw.
 */
function twoWords(sentAt: number, answeredAt: number, remaining: number): Step[] {
  return [
    { take: 1 },
    { at: 100 },
    { answer: 1, remaining: 99, resetAt: I },
    { at: sentAt },
    { take: 1 },
    { at: answeredAt },
    { answer: 2, remaining, resetAt: I },
  ];
}

/**
 * Limit 100: three requests at 5 s; the first's word says others drew 37 of the window, so
 * the words, not the log, hold the job back; then `next` (another answer) at 5.2 s.
 */
function othersDrewThenAnswer(next: Step): Step[] {
  return [
    { at: 5000 },
    { take: 3, grants: 3 },
    { at: 5100 },
    { answer: 1, remaining: 60, resetAt: I },
    { at: 5200 },
    next,
  ];
}

/**
 * Limit 100: others drew between two words (`remaining` after the second, at 5.1 s), the job
 * spends what it is left (`grants`), their answers come at 5.2 s, and a tenth of the interval
 * before the reset the late word leaves; ends 50 ms later, when its answer comes.
 */
function toTheLateWord(remaining: number, grants: number): Step[] {
  return [
    ...twoWords(5000, 5100, remaining),
    { take: "all", grants },
    { at: 5200 },
    { answer: "pending", remaining: falling(remaining - 1, grants), resetAt: I },
    // Nothing more until a tenth of the interval before the reset: then one late word.
    { take: "all", grants: 0, waitMs: 0.9 * I - 5200 },
    { at: 0.9 * I },
    { take: "all", grants: 1, waitMs: 0.1 * I },
    { at: 0.9 * I + 50 },
  ];
}

/**
 * Limit 20: a first burst of 20 sent blind at 0.7 s into the first window; at 0.99 s
 * `firstWindow`'s answers (counted before the reset), then the rest's, counted in the next
 * window with nothing of others'.
 */
function blindBurstOf20(firstWindow: Step[]): Step[] {
  return [
    { at: 0.7 * I },
    { take: 20, grants: 20 },
    { at: 0.99 * I },
    ...firstWindow,
    { at: I + 20 },
    { answer: tickets(10, 20), remaining: falling(19, 11), resetAt: 2 * I },
  ];
}

/** Limit 20: the third window's probe finds 19 left, and the job takes `grants` of them. */
function thirdWindowTakes(grants: number): Step[] {
  return [
    { at: 2 * I },
    { take: 1, grants: 1 },
    { at: 2 * I + 10 },
    { answer: "last", remaining: 19, resetAt: 3 * I },
    { take: "all", grants },
  ];
}

/** The next window's probe and its word: 99 remain. */
function nextWindowFirstWord(): Step[] {
  return [
    { at: I },
    { take: 1, grants: 1 },
    { at: I + 10 },
    { answer: "last", remaining: 99, resetAt: 2 * I },
  ];
}

/**
 * The server's clock behind: one request, whose word leaves `remaining` of a window ending at
 * I; the reset's probe (ticket 2) leaves 10 ms after I and is answered at I + 11 about that
 * window, refused or taking its last request.
 */
function probeCountedBeforeItsReset(word: { remaining: number; refused: boolean }): Step[] {
  return [
    { take: 1, grants: 1 },
    { at: 5 },
    { answer: 1, remaining: word.remaining, resetAt: I },
    { at: I + 10 },
    { take: 1, grants: 1 },
    { at: I + 11 },
    { answer: 2, refused: word.refused, remaining: 0, resetAt: I },
  ];
}

/**
 * Limit 100: a first word (99 remain), others draw 3, then from `sentAt` the job sends five
 * requests every 50 ms; each batch's answers (95 to 91, then 90 to 86) come while the next
 * five are out.
 */
function othersHiddenByRequestsInFlight(sentAt: number): Step[] {
  return [
    { take: 1, grants: 1 },
    { at: 100 },
    { answer: 1, remaining: 99, resetAt: I },
    { at: sentAt },
    { take: 5, grants: 5 },
    { at: sentAt + 50 },
    { take: 5, grants: 5 },
    { at: sentAt + 100 },
    { answer: tickets(2, 6), remaining: falling(95, 5), resetAt: I },
    { at: sentAt + 150 },
    { take: 5, grants: 5 },
    { answer: tickets(7, 11), remaining: falling(90, 5), resetAt: I },
  ];
}

/**
 * Limit 100, alone: the first word (99 remain), a burst of 60 at 100 ms, and at 250 ms the
 * answers of its first `answered` (98, 97, ...).
 */
function burstOf60Answered(answered: number): Step[] {
  return [
    { take: 1, grants: 1 },
    { answer: 1, remaining: 99, resetAt: I },
    { at: 100 },
    { take: 60, grants: 60 },
    { at: 250 },
    { answer: tickets(2, answered + 1), remaining: falling(98, answered), resetAt: I },
  ];
}

const scenarios: Scenario[] = [
  {
    name: "fixed window with Reset: spends what remains, then one probe at the reset",
    rule: { limit: 10, intervalMs: I },
    steps: [
      { take: 1, grants: 1 },
      { at: 100 },
      { answer: 1, remaining: 9, resetAt: I },
      { take: "all", grants: 9, waitMs: I - 100 },
      { at: 500 },
      { answer: tickets(2, 10), remaining: falling(8, 9), resetAt: I },
      { at: I - 1 },
      { take: "all", grants: 0, waitMs: 1 },
      { at: I },
      { take: "all", grants: 1 },
      { at: I + 100 },
      { answer: 11, remaining: 9, resetAt: 2 * I },
      { take: "all", grants: 9 },
    ],
  },
  {
    // Others drew 4 while 4 of this group's were in flight: hidden, so not evidence. The
    // words allow 10 more; the log (16 of 20) would send 4 past them.
    name: "the first window the server told of: no grant past its words",
    rule: { limit: 20, intervalMs: I },
    steps: [
      { take: 1 },
      { at: 10 },
      { answer: 1, remaining: 19, resetAt: I },
      { take: 5, grants: 5 },
      { at: 20 },
      { answer: 2, remaining: 14, resetAt: I },
      { take: "all", grants: 10 },
      { at: I - 1 },
      { take: "all", grants: 0, waitMs: 1 },
    ],
  },
  {
    name: "a 429 answered after its window reset still shows others",
    rule: { limit: 10, intervalMs: I },
    steps: [
      { take: 1 },
      { at: 10 },
      { answer: 1, remaining: 9, resetAt: I },
      { take: "all", grants: 9 },
      { at: 20 },
      { answer: tickets(2, 6), remaining: falling(8, 5), resetAt: I },
      { at: I + 5 },
      { answer: tickets(7, 10), refused: true, remaining: 0, resetAt: I },
      { take: 1, grants: 1 },
      { at: I + 10 },
      { answer: 11, remaining: 9, resetAt: 2 * I },
      { take: "all", grants: 3 },
    ],
  },
  {
    name: "sliding window with headers: the probe, then the log as the oldest leave",
    rule: { limit: 10, intervalMs: I },
    steps: [
      { take: 1 },
      { at: 50 },
      { answer: 1, remaining: 9, resetAt: I + 50 },
      { take: "all", grants: 9 },
      { at: 3000 },
      { answer: tickets(2, 10), remaining: falling(8, 9), resetAt: I + 50 },
      { at: I + 50 },
      { take: "all", grants: 1 },
      { at: I + 100 },
      { answer: 11, remaining: 0, resetAt: I + 3000 },
      { take: "all", grants: 0 },
      { at: I + 3000 },
      { take: "all", grants: 9 },
    ],
  },
  {
    // The start-up's requests (sent before any answer came) count until their answers plus
    // the window: their round trips may hold new connections and a cold process.
    name: "no headers: the start-up's round trips take nothing off the log",
    rule: { limit: 10, intervalMs: I, headroom: 0.02 },
    steps: [
      { take: "all", grants: 10, waitMs: I },
      { at: 100 },
      { answer: tickets(1, 10) },
      { at: 100 + I * 1.02 - 1 },
      { take: "all", grants: 0, waitMs: 1 },
      { at: 100 + I * 1.02 },
      { take: "all", grants: 10 },
    ],
  },
  {
    // Past the start-up, answered 100 ms after their grants: each counts until its answer
    // less 50 ms (half the fastest round trip) plus the window.
    name: "no headers: the sliding log, with headroom, less half the fastest round trip",
    rule: { limit: 10, intervalMs: I, headroom: 0.02 },
    steps: [
      ...PAST_START_UP,
      // An interval at most while requests are in flight (an answer wakes the line).
      { take: "all", grants: 10, waitMs: I },
      { at: 100 },
      { answer: tickets(3, 12) },
      { take: "all", grants: 0, waitMs: I },
      { at: 100 + I },
      { take: "all", grants: 0, waitMs: I * 0.02 - 50 },
      { at: 100 + I * 1.02 - 50 - 1 },
      { take: "all", grants: 0, waitMs: 1 },
      { at: 100 + I * 1.02 - 50 },
      { take: "all", grants: 10 },
    ],
  },
  {
    // A request that ended without an answer tells nothing of the network: no allowance.
    name: "a request settled without an answer is no round trip",
    rule: { limit: 10, intervalMs: I, headroom: 0.02 },
    steps: [
      ...PAST_START_UP,
      { take: "all", grants: 10 },
      { at: 100 },
      { answer: tickets(3, 12), settled: true },
      { at: 100 + I * 1.02 - 1 },
      { take: "all", grants: 0, waitMs: 1 },
      { at: 100 + I * 1.02 },
      { take: "all", grants: 10 },
    ],
  },
  {
    name: "share < 1: share × limit per window, words or not",
    rule: { limit: 10, intervalMs: I, share: 0.3 },
    steps: [
      ...PAST_START_UP,
      { take: "all", grants: 3, waitMs: I },
      { at: 100 },
      { answer: tickets(3, 5), remaining: falling(9, 3), resetAt: I },
      // Counted against the share until their answers (100 ms after the grants) plus the
      // interval: no allowance for the way back (the log's limit takes 50 ms off, the share not).
      { take: "all", grants: 0, waitMs: I },
      { at: I + 100 - 1 },
      { take: "all", grants: 0, waitMs: 1 },
      { at: I + 100 },
      { take: "all", grants: 3 },
    ],
  },
  {
    // `--rate-limit 10/10s` against a server that says it allows 20: the server's word alone
    // would grant the 10 it says remain.
    name: "a rule told as a ceiling holds when the server says it allows more",
    rule: { limit: 10, intervalMs: I, ceiling: true },
    steps: [
      ...PAST_START_UP,
      { take: "all", grants: 10, waitMs: I },
      { at: 100 },
      { answer: tickets(3, 12), remaining: falling(19, 10), limit: 20, resetAt: I },
      { take: "all", grants: 0, waitMs: I },
      { at: I + 100 },
      { take: "all", grants: 10 },
    ],
  },
  {
    name: "without a ceiling, the server that says it allows more is followed",
    rule: { limit: 10, intervalMs: I },
    steps: [
      ...PAST_START_UP,
      { take: "all", grants: 10 },
      { at: 100 },
      { answer: tickets(3, 12), remaining: falling(19, 10), limit: 20, resetAt: I },
      // The window's scout first (the first words came from a burst), then what remains.
      { take: "all", grants: 1 },
      { at: 200 },
      { answer: 13, remaining: 9, limit: 20, resetAt: I },
      { take: "all", grants: 9 },
    ],
  },
  {
    // 10 × 0.55 = 5.5: five a window, not six (the log was not counted below 5.5 grants).
    name: "share × limit not a whole number: rounded down",
    rule: { limit: 10, intervalMs: I, share: 0.55 },
    steps: [{ take: "all", grants: 5 }],
  },
  {
    name: "a 429 with a reset pauses until the reset, then probes",
    rule: { limit: 10, intervalMs: I },
    steps: [
      { take: "all", grants: 10 },
      { at: 100 },
      { answer: 1, refused: true, remaining: 0, resetAt: 5000 },
      { pause: 5000 },
      { at: 200 },
      { take: "all", grants: 0, waitMs: 4800 },
      { at: 5000 },
      { take: "all", grants: 1 },
    ],
  },
  {
    name: "a pause before the bucket's first acquisition; its last ms is a wait of 1 ms",
    rule: { limit: 10, intervalMs: I },
    steps: [
      { pause: 500 },
      { take: 1, grants: 0, waitMs: 500 },
      { at: 499.5 },
      { take: 1, grants: 0, waitMs: 1 },
      { at: 500 },
      { take: 1, grants: 1 },
    ],
  },
  {
    name: "words out of order: an older ticket's word after a newer one's is not taken",
    rule: { limit: 100, intervalMs: I },
    // Ticket 3's word (59 remain), then ticket 2's, older (60 remained): 18 go, not 19 (others'
    // draw until the reset and a margin of 2 are theirs).
    steps: [
      ...othersDrewThenAnswer({ answer: 3, remaining: 59, resetAt: I }),
      { answer: 2, remaining: 60, resetAt: I },
      { take: "all", grants: 18 },
    ],
  },
  {
    name: "a request settled without an answer keeps the server's word",
    rule: { limit: 100, intervalMs: I },
    // 60, less 2 in flight or answered since, less others' 37 / 5.1 s until the reset and a
    // margin of 2.
    steps: [...othersDrewThenAnswer({ answer: 2, settled: true }), { take: "all", grants: 19 }],
  },
  {
    name: "an answer without headers after the word: the log takes over",
    rule: { limit: 100, intervalMs: I },
    // Others forgotten with the word: the log grants the rest of the limit.
    steps: [...othersDrewThenAnswer({ answer: 2 }), { take: "all", grants: 97 }],
  },
  {
    name: "a word about a window already over is dropped",
    rule: { limit: 10, intervalMs: I },
    steps: [
      { take: 1 },
      { at: 2000 },
      { answer: 1, remaining: 0, resetAt: 1500 },
      { take: "all", grants: 9 },
    ],
  },
  {
    // The server's clock is 20 ms behind: the reset's probe, 10 ms after it, is refused about
    // the window it followed. The next probe goes as long after as the window stayed open,
    // and the next reset is read 11 ms later (more than 10 ms proven).
    name: "a server clock behind: the probe goes again soon, and resets are read later",
    rule: { limit: 10, intervalMs: I },
    steps: [
      { take: 1, grants: 1 },
      { at: 5 },
      { answer: 1, remaining: 9, resetAt: I },
      { take: "all", grants: 9 },
      { at: 10 },
      { answer: tickets(2, 10), remaining: falling(8, 9), resetAt: I },
      { at: I + 10 },
      { take: 1, grants: 1 },
      { at: I + 11 },
      { answer: 11, refused: true, remaining: 0, resetAt: I },
      { at: I + 21 },
      { take: 1, grants: 0, waitMs: 1 },
      { at: I + 22 },
      { take: 1, grants: 1 },
      { at: I + 23 },
      { answer: 12, remaining: 9, resetAt: 2 * I },
      { take: "all", grants: 9 },
      { at: I + 30 },
      { answer: tickets(13, 21), remaining: falling(8, 9), resetAt: 2 * I },
      { at: 2 * I + 5 },
      { take: 1, grants: 0, waitMs: 6 },
      { at: 2 * I + 11 },
      { take: 1, grants: 1 },
    ],
  },
  {
    name: "an answer counted in the window before, though sent after its reset: the probe goes again",
    rule: { limit: 10, intervalMs: I },
    steps: [
      ...probeCountedBeforeItsReset({ remaining: 1, refused: false }),
      { at: I + 21 },
      { take: 1, grants: 0, waitMs: 1 },
      { at: I + 22 },
      { take: 1, grants: 1 },
    ],
  },
  {
    // The server turned its window between two requests: the earlier one's answer tells of
    // the new window first, then the probe's of the old one, which must not replace it.
    name: "a server clock behind: a later window's word stays when the window before answers after it",
    rule: { limit: 3, intervalMs: I },
    steps: [
      { take: 1, grants: 1 },
      { at: 5 },
      { answer: 1, remaining: 2, resetAt: I },
      { at: I - 10 },
      { take: 1, grants: 1 },
      { at: I + 5 },
      { take: 1, grants: 1 },
      { at: I + 60 },
      { answer: 2, remaining: 2, resetAt: 2 * I },
      { at: I + 70 },
      { answer: 3, remaining: 0, resetAt: I },
      { take: 1, grants: 1 },
    ],
  },
  {
    name: "a server clock's lag is forgotten ten windows after it was last shown",
    rule: { limit: 10, intervalMs: I },
    steps: [
      ...probeCountedBeforeItsReset({ remaining: 9, refused: true }),
      { at: 11 * I + 100 },
      { take: 1, grants: 1 },
      { at: 11 * I + 101 },
      { answer: 3, remaining: 9, resetAt: 12 * I },
      { take: "all", grants: 9 },
      { at: 12 * I },
      { take: 1, grants: 1 },
    ],
  },
  {
    // Found by the random scripts (seed 1743744425): the reference word answered twice kept
    // what others drew before it in TypeScript, and lost it in Lua (then reserved 9, not 5).
    name: "the reference word answered again keeps what others drew before it",
    rule: { limit: 10, intervalMs: I },
    steps: [
      { take: 2 },
      { take: 2 },
      { answer: 1, remaining: 0, refused: true, resetAt: "window-end" },
      { take: 1, grants: 0, waitMs: I },
      { after: "wait" },
      { take: 1, grants: 1 },
      { answer: 5, remaining: 0, refused: true, resetAt: "window-end" },
      { after: 0.125 },
      { answer: 5, remaining: 9, refused: true, resetAt: "window-end" },
      { take: 1, grants: 1 },
    ],
  },
  {
    name: "a foreign draw between two words is left to them until the reset",
    rule: { limit: 100, intervalMs: I },
    // Others drew 20 in 5.1 s: about 19 more until the reset, and a margin of 2.
    steps: [...twoWords(5000, 5100, 78), { take: "all", grants: 56 }],
  },
  {
    name: "the server's X-RateLimit-Limit caps the log",
    rule: { limit: 40, intervalMs: I },
    steps: [
      { take: 1 },
      { at: 10 },
      { answer: 1, remaining: 9, limit: 10, resetAt: I },
      { take: "all", grants: 9 },
      { at: 100 },
      { answer: tickets(2, 10) },
      { at: 100 + I },
      { take: "all", grants: 10 },
    ],
  },
  {
    name: "others' draw is never estimated above the server's counts (own answers out of order)",
    rule: { limit: 100, intervalMs: I },
    steps: [
      { take: 15 },
      { at: 10 },
      { answer: 15, remaining: 99, resetAt: I },
      { at: 120 },
      { take: 5 },
      { at: 150 },
      { answer: 16, remaining: 80, resetAt: I },
      { take: "all" },
    ],
  },
  {
    name: "others' draw is reserved for two windows after the last evidence, then forgotten",
    rule: { limit: 100, intervalMs: I },
    steps: [
      { at: 10 },
      { take: 1 },
      { at: 20 },
      { answer: 1, remaining: 99, resetAt: I },
      { at: 5010 },
      { take: 1 },
      { at: 5020 },
      { answer: 2, remaining: 78, resetAt: I },
      { take: "all" },
      ...[1, 2, 3].flatMap((w): Step[] => [
        { at: w * I },
        { take: 1, grants: 1 },
        { at: w * I + 10 },
        { answer: "last", remaining: 99, resetAt: (w + 1) * I },
        { take: "all" },
        { at: w * I + 100 },
        { answer: "pending", remaining: 98, resetAt: (w + 1) * I },
      ]),
    ],
  },
  {
    // Others drew 50 of a window in 5 s (nine tenths of the limit left them, the most); ten
    // windows later they draw 4 in 5.1 s: about 4 until the reset and a margin of 2 are left
    // them (88 go), not the 45 the old estimate would reserve (49).
    name: "others' estimate past its memory is no floor for new evidence",
    rule: { limit: 100, intervalMs: I },
    steps: [
      ...twoWords(5000, 5100, 48),
      { at: 10 * I },
      { take: 1, grants: 1 },
      { at: 10 * I + 100 },
      { answer: "last", remaining: 99, resetAt: 11 * I },
      { at: 10 * I + 5000 },
      { take: 1, grants: 1 },
      { at: 10 * I + 5100 },
      { answer: "last", remaining: 94, resetAt: 11 * I },
      { take: "all", grants: 88 },
    ],
  },
  {
    // The same old estimate (90 a window); ten windows later a 429 answered after its window
    // reset shows others took 81 of it: 81 (and a margin) are left them, not 90 (14 go, not 9).
    name: "others' estimate past its memory is no floor for a 429 answered after its reset",
    rule: { limit: 100, intervalMs: I },
    steps: [
      ...twoWords(5000, 5100, 48),
      { at: 10 * I },
      { take: 20, grants: 20 },
      { at: 10 * I + 100 },
      { answer: tickets(3, 21), remaining: falling(99, 19), resetAt: 11 * I },
      { at: 11 * I + 10 },
      { answer: "last", refused: true, remaining: 0, resetAt: 11 * I },
      { take: 1, grants: 1 },
      { at: 11 * I + 20 },
      { answer: "last", remaining: 99, resetAt: 12 * I },
      { take: "all", grants: 14 },
    ],
  },
  {
    name: "a 429 after acceptances measures others' draw from the window's accepted answers",
    rule: { limit: 10, intervalMs: I },
    steps: [
      { take: "all", grants: 10 },
      { at: 500 },
      { answer: tickets(1, 6), remaining: falling(9, 6), resetAt: I },
      { answer: tickets(7, 10), refused: true, remaining: 0, resetAt: I },
      { pause: I },
      { at: I },
      { take: 1, grants: 1 },
      { at: I + 10 },
      { answer: 11, remaining: 9, resetAt: 2 * I },
      { take: "all", grants: 0 },
    ],
  },
  {
    name: "the reset probe does not share a slot a sliding window frees with the log",
    rule: { limit: 10, intervalMs: I, headroom: 0.02 },
    steps: [
      ...PAST_START_UP,
      { take: "all", grants: 10 },
      { at: 50 },
      { answer: tickets(3, 11) },
      { at: 60 },
      { answer: 12, remaining: 0, resetAt: I + 60 },
      // The first nine leave the log (answered at 50, less half the 50 ms round trip), the
      // tenth not yet.
      { at: 50 - 25 + I * 1.02 + 1 },
      { take: "all", grants: 9 },
    ],
  },
  {
    // The log reuses the first five's slots while the probe's word is on its way; the word
    // says one remains, maybe before those four: they may have taken what the reset frees.
    name: "no reset probe when grants made while the word was on its way may have taken it",
    rule: { limit: 5, intervalMs: I },
    steps: [
      ...PAST_START_UP,
      { take: "all", grants: 5 },
      { at: 100 },
      { answer: tickets(3, 7), remaining: falling(4, 5), resetAt: I },
      { at: I },
      { take: 1, grants: 1 },
      { at: I + 50 },
      { take: "all", grants: 4 },
      { at: I + 100 },
      { answer: 8, remaining: 1, resetAt: I + 500 },
      { at: I + 500 },
      { take: "all", grants: 0 },
    ],
  },
  {
    name: "the reset probe of a fixed window is not held back by answers its word counted",
    rule: { limit: 10, intervalMs: I },
    steps: [
      { take: "all", grants: 10 },
      { at: 5 },
      { answer: 10, remaining: 0, resetAt: 500 },
      { at: 20 },
      { answer: tickets(1, 9), remaining: falling(8, 9), resetAt: 500 },
      { at: 500 },
      { take: "all", grants: 1 },
    ],
  },
  {
    // Grants at one instant are trimmed from the log by ticket: the oldest, not the one whose
    // number sorts first ("10" before "6"), which here is still in flight and must count.
    name: "the log forgets its oldest tickets first, also among grants made at one instant",
    rule: { limit: 5, intervalMs: I },
    steps: [
      { take: "all", grants: 5 },
      { at: 10 },
      { answer: tickets(1, 5) },
      { at: I + 10 },
      { take: "all", grants: 5 },
      { at: I + 20 },
      { answer: tickets(6, 9) },
      { at: 2 * I + 20 },
      { take: "all", grants: 4 },
      { at: 2 * I + 30 },
      { answer: tickets(11, 14) },
      { at: 3 * I + 30 },
      // Ticket 10 is still in flight: 4 more, not 5.
      { take: "all", grants: 4 },
    ],
  },
  {
    // Others drew 36 since the window's first word, 0.004/ms: the next window leaves them 40,
    // and a margin of 2.
    name: "held back by others' reserve: one late word before the reset, measured from the first",
    rule: { limit: 100, intervalMs: I },
    steps: [
      ...toTheLateWord(78, 56),
      { answer: "last", remaining: 5, resetAt: I },
      ...nextWindowFirstWord(),
      { take: "all", grants: 57 },
    ],
  },
  {
    // The first window's late word came back in 50 ms, a lone request. In the next window the
    // burst's answers queued behind one another (the last one's took 2.89 s): the late word
    // still leaves a tenth of the interval before the reset (two of that round trip put it
    // past half the window: none at all).
    name: "the late word's lead is two of the last late word's round trips, not the newest word's",
    rule: { limit: 100, intervalMs: I },
    steps: [
      ...toTheLateWord(78, 56),
      { answer: "last", remaining: 5, resetAt: I },
      ...nextWindowFirstWord(),
      { take: "all", grants: 57 },
      { at: I + 2900 },
      { answer: "pending", remaining: falling(98, 57), resetAt: 2 * I },
      { take: "all", grants: 0, waitMs: 1.9 * I - (I + 2900) },
      { at: 1.9 * I },
      { take: "all", grants: 1, waitMs: 0.1 * I },
    ],
  },
  {
    // The first window's late word is answered 1.5 s after it left, after the reset: about a
    // window that is over, but its round trip still tells the next one to lead by 3 s.
    name: "a late word answered after the reset makes the next one lead by two of its round trip",
    rule: { limit: 100, intervalMs: I },
    steps: [
      ...toTheLateWord(78, 56),
      ...nextWindowFirstWord(),
      { take: "all", grants: 56 },
      { at: I + 500 },
      { answer: 59, remaining: 5, resetAt: I },
      // The newest word's round trip, queued behind the burst, is the longer: 1.99 s.
      { at: I + 2000 },
      { answer: tickets(61, 116), remaining: falling(98, 56), resetAt: 2 * I },
      { take: "all", grants: 0, waitMs: 2 * I - 3000 - (I + 2000) },
    ],
  },
  {
    // Others spend 20 as the second window opens, before the job's first word there, and
    // nothing after: 57 go (their part, 42, less the 20), and the late word, which sees none
    // since that word but the 20 before it, keeps their estimate (20 in 9 s) for the third.
    name: "others' draw before a window's first word: left out of their reserve, kept by the late word",
    rule: { limit: 100, intervalMs: I },
    steps: [
      ...toTheLateWord(78, 56),
      { answer: "last", remaining: 5, resetAt: I },
      { at: I },
      { take: 1, grants: 1 },
      { at: I + 10 },
      { answer: "last", remaining: 79, resetAt: 2 * I },
      { take: "all", grants: 57 },
      { at: I + 100 },
      { answer: "pending", remaining: falling(78, 57), resetAt: 2 * I },
      { at: 1.9 * I },
      { take: "all", grants: 1, waitMs: 0.1 * I },
      { at: 1.9 * I + 50 },
      { answer: "last", remaining: 21, resetAt: 2 * I },
      { at: 2 * I },
      { take: 1, grants: 1 },
      { at: 2 * I + 10 },
      { answer: "last", remaining: 99, resetAt: 3 * I },
      { take: "all", grants: 74 },
    ],
  },
  {
    // The second of two is counted and answered first (98 left); then others send 25 and the
    // first is counted (72 left): an older ticket's word, not the newest. What others drew goes
    // with the word it was counted from, so the 25 are not taken off the reserve.
    name: "what others drew of a window goes with the word it was counted from",
    rule: { limit: 100, intervalMs: I },
    steps: [
      ...toTheLateWord(78, 56),
      { answer: "last", remaining: 5, resetAt: I },
      ...nextWindowFirstWord(),
      { take: 2, grants: 2 },
      { at: I + 100 },
      { answer: 62, remaining: 98, resetAt: 2 * I },
      { at: I + 350 },
      { answer: 61, remaining: 72, resetAt: 2 * I },
      { take: "all", grants: 55 },
    ],
  },
  {
    name: "after the late word, nothing more in its window, whatever it says remains",
    rule: { limit: 100, intervalMs: I },
    steps: [
      ...toTheLateWord(78, 56),
      { answer: "last", remaining: 30, resetAt: I },
      // The window's rest is others' margin: the next grant is the next window's.
      { take: "all", grants: 0, waitMs: 0.1 * I - 50 },
    ],
  },
  {
    // Others seen in the first window draw nothing in the second: its late word finds none
    // over the whole window and clears the estimate, and the window is over for the job all
    // the same (the log, the rule without headers, would grant past the 41 the server said
    // were left).
    name: "after a late word that clears others' estimate, nothing more in its window",
    rule: { limit: 100, intervalMs: I },
    steps: [
      ...toTheLateWord(78, 56),
      { answer: "last", remaining: 5, resetAt: I },
      ...nextWindowFirstWord(),
      { take: "all", grants: 57 },
      { at: I + 100 },
      { answer: "pending", remaining: falling(98, 57), resetAt: 2 * I },
      { at: 1.9 * I },
      { take: "all", grants: 1, waitMs: 0.1 * I },
      { at: 1.9 * I + 50 },
      { answer: "last", remaining: 41, resetAt: 2 * I },
      { take: "all", grants: 0, waitMs: 0.1 * I - 50 },
    ],
  },
  {
    // Others drew 20 in 5.1 s; then a word sent during the job's burst finds only the job's
    // first request counted: its count is a floor (the burst may not be counted yet), so the
    // estimate stays, and the burst in flight and others' reserve still hold the job back.
    name: "a word sent during a burst may only raise others' estimate",
    rule: { limit: 100, intervalMs: I },
    steps: [
      ...twoWords(5000, 5100, 78),
      { take: "all", grants: 56 },
      { at: 5200 },
      { answer: 3, remaining: 77, resetAt: I },
      { take: "all", grants: 0 },
    ],
  },
  {
    // Others drew 7 in 1.1 s: 57.3 until the reset; a twentieth more (2.9) is left them, not 2.
    name: "others are left a twentieth above their draw when that is more than 2",
    rule: { limit: 100, intervalMs: I },
    steps: [...twoWords(1000, 1100, 91), { take: "all", grants: 31 }],
  },
  {
    name: "a late word that finds the window spent doubles others' estimate once their part was reserved from its first word",
    rule: { limit: 100, intervalMs: I },
    steps: [
      ...toTheLateWord(93, 86),
      { answer: "last", refused: true, remaining: 0, resetAt: I },
      { pause: I },
      ...nextWindowFirstWord(),
      // The first window opened with nothing reserved: spent before they were known, it tells
      // nothing of their appetite. They are left what they took (12 in 9.05 s) and a margin.
      { take: "all", grants: 83 },
      { at: I + 100 },
      { answer: "pending", remaining: falling(98, 83), resetAt: 2 * I },
      { at: 1.9 * I },
      { take: "all", grants: 1 },
      { at: 1.9 * I + 50 },
      { answer: "last", refused: true, remaining: 0, resetAt: 2 * I },
      { pause: 2 * I },
      { at: 2 * I },
      { take: 1, grants: 1 },
      { at: 2 * I + 10 },
      { answer: "last", remaining: 99, resetAt: 3 * I },
      // The second window left them their part from its first word, and they took all of it
      // (16 in 9.05 s): twice that rate, and the margin.
      { take: "all", grants: 61 },
    ],
  },
  {
    // Others drew 10 while a burst of 40 was out (sent 0.1 s after the first word's request
    // left, answered at 1.2 s; over the first tenth of the interval at least): 49 left, all
    // held for them. The late word finds them all gone and says no more (their refusals never
    // show): a floor, so the next window leaves them what the burst's words measured (10 in
    // 1 s), not 58 in 7.8 s.
    name: "a late word that finds spent a window opened with nothing reserved keeps others' estimate",
    rule: { limit: 100, intervalMs: I },
    steps: [
      { take: 1, grants: 1 },
      { at: 100 },
      { answer: 1, remaining: 99, resetAt: I },
      { take: 40, grants: 40 },
      { at: 1200 },
      { answer: "pending", remaining: falling(88, 40), resetAt: I },
      { take: "all", grants: 0 },
      { at: 0.78 * I },
      { take: "all", grants: 1 },
      { at: 0.78 * I + 50 },
      { answer: "last", remaining: 0, resetAt: I },
      ...nextWindowFirstWord(),
      { take: "all", grants: 9 },
    ],
  },
  {
    // A burst of 60 answered 98 to 39: the newest word (39) left with the other 59, whose
    // answers said more, so were counted before it (39 go, not none until the reset).
    name: "once its burst is answered, grants whose answers said more than the newest word are not missing from it",
    rule: { limit: 100, intervalMs: I },
    steps: [...burstOf60Answered(60), { take: "all", grants: 39 }],
  },
  {
    // The same with twenty of the burst in flight: the answered ones count as a margin.
    name: "while a burst is out, grants answered since the newest word left count against it",
    rule: { limit: 100, intervalMs: I },
    steps: [...burstOf60Answered(40), { take: "all", grants: 0 }],
  },
  {
    // Another process with its own store sent 32 blind too, interleaved by the server: this
    // one's answers say 99, 97, ... 37, and its scout's 35. All answered, but others drew on
    // the window (their rate not measured yet, the span too short): the burst's answers since
    // the scout left still count, a margin for them (4 go, not 35: both would take the 34).
    name: "with others drawing on the window, grants answered since the newest word left count against it",
    rule: { limit: 100, intervalMs: I },
    steps: [
      { take: 32, grants: 32 },
      { at: 100 },
      { answer: 1, remaining: 99, resetAt: I },
      { take: "all", grants: 1 },
      { at: 110 },
      { answer: tickets(2, 32), remaining: falling(97, 31).map((_, i) => 97 - 2 * i), resetAt: I },
      { at: 200 },
      { answer: 33, remaining: 35, resetAt: I },
      { take: "all", grants: 4 },
    ],
  },
  {
    // Every later word has five of the job's requests in flight, taken as maybe counted before
    // it, which hide the others' 3. Once the five sent before a word's answer are answered,
    // their Remaining says they were counted after it: the fall before it was others'.
    name: "a word whose earlier grants are all answered shows others that requests in flight hid",
    rule: { limit: 100, intervalMs: I },
    steps: [
      ...othersHiddenByRequestsInFlight(1000),
      // 86 remain, less the 14 that may not be counted yet (others drew: those answered since
      // the word left count too) and 28.9 for others (3 in the 1 s between the two words'
      // departures, until the reset, and a margin): 43, not 72.
      { take: "all", grants: 43 },
    ],
  },
  {
    // The same within the first tenth of the interval: the others' 3 are measured over that
    // tenth (1 s), as a window's first word's draw is, rather than waiting for it to pass.
    name: "others that requests in flight hid, shown early, are measured over a tenth of the interval",
    rule: { limit: 100, intervalMs: I },
    steps: [
      ...othersHiddenByRequestsInFlight(300),
      // 86 remain, less 14 maybe not counted yet and 29 for others: 43, not 72.
      { take: "all", grants: 43 },
    ],
  },
  {
    // A sliding window: the first request is counted while old requests still fill the
    // window (90 remain), the second after they left (99), and answered first: the window's
    // first word. The first one's lower Remaining does not make it later: it left before the
    // reference was heard, so it joins no chain (taken as later, 7 of this job's own requests
    // read as others', and 35 went instead of 98).
    name: "a word that left before the reference was heard joins no chain, though it says less",
    rule: { limit: 100, intervalMs: I },
    steps: [
      { take: 2, grants: 2 },
      { at: 10 },
      { answer: 2, remaining: 99, resetAt: I },
      { at: 20 },
      { answer: 1, remaining: 90, resetAt: I },
      { at: 1500 },
      { take: 1, grants: 1 },
      { at: 1510 },
      { answer: 3, remaining: 98, resetAt: I },
      { take: "all", grants: 98 },
    ],
  },
  {
    // An answer under a rule with a higher limit (a longer log) came: the log grew, empty, and
    // the ten requests in flight were forgotten (ten more granted, twenty in flight).
    name: "a rule with a higher limit on the bucket keeps its log (requests in flight count)",
    rule: { limit: 10, intervalMs: I },
    steps: [
      { take: "all", grants: 10 },
      { rule: { limit: 20, intervalMs: I } },
      { at: 100 },
      { answer: 1 },
      { rule: { limit: 10, intervalMs: I } },
      { take: "all", grants: 0 },
    ],
  },
  {
    // A process told a lower limit (a shorter log) is granted on the server's word: the log
    // must not forget what a process told the higher limit counts (the Lua trimmed it to the
    // last ten, eight requests in flight were forgotten and eight more granted).
    name: "a rule with a lower limit on the bucket does not shorten its log",
    rule: { limit: 20, intervalMs: I },
    steps: [
      { take: 1, grants: 1 },
      { at: 50 },
      { answer: 1, remaining: 19, limit: 20, resetAt: I },
      { take: 9, grants: 9 },
      { rule: { limit: 5, intervalMs: I } },
      { at: 100 },
      { answer: 2, remaining: 18, limit: 20, resetAt: I },
      { take: "all", grants: 10 },
      { rule: { limit: 20, intervalMs: I } },
      { take: "all", grants: 0 },
    ],
  },
  {
    // A process SIGKILLed with ten requests in flight never answers them: past their lease
    // (twice the runtime's timeout) they count as answered then, and free their slots a window
    // later. Without it they counted as in flight for good, and nothing was granted again.
    name: "grants unanswered past their lease (a process died) count as answered then",
    rule: { limit: 10, intervalMs: I, leaseMs: 2 * I },
    steps: [
      ...PAST_START_UP,
      { take: "all", grants: 10 },
      { at: 2 * I - 1 },
      { take: "all", grants: 0 },
      { at: 3 * I - 1 },
      { take: "all", grants: 0, waitMs: 1 },
      { at: 3 * I },
      { take: "all", grants: 10 },
    ],
  },
  {
    // The same with a ceiling below the server's word, and an answer that came late (after
    // the lease): it moves its grant's arrival later, never earlier.
    name: "a lease with a ceiling, and an answer after the lease",
    rule: { limit: 5, intervalMs: I, ceiling: true, leaseMs: I },
    steps: [
      ...PAST_START_UP,
      { take: 1, grants: 1 },
      { at: 100 },
      { answer: 3, remaining: 19, limit: 20, resetAt: I },
      { at: I + 100 },
      { take: "all", grants: 5 },
      { at: 2 * I + 100 },
      { take: "all", grants: 0 },
      { at: 2 * I + 200 },
      { answer: 4, remaining: 19, limit: 20, resetAt: 3 * I },
      { at: 3 * I + 100 },
      { take: "all", grants: 4 },
    ],
  },
  {
    // `--rate-limit 10/10s` in one process, `5/10s` in another, on one bucket, the server
    // saying 20: each caps the bucket's grants (every process's) at its own ceiling.
    name: "processes told different ceilings: each holds the bucket to its own",
    rule: { limit: 10, intervalMs: I, ceiling: true },
    steps: [
      ...PAST_START_UP,
      { take: "all", grants: 10 },
      { at: 100 },
      { answer: "pending", remaining: falling(19, 10), limit: 20, resetAt: I },
      { rule: { limit: 5, intervalMs: I, ceiling: true } },
      { take: "all", grants: 0 },
      { at: I + 100 },
      { take: "all", grants: 5 },
      { rule: { limit: 10, intervalMs: I, ceiling: true } },
      { take: "all", grants: 5 },
    ],
  },
  {
    // `--share 0.5` in one process, none in another, both `--rate-limit 10/10s`: the first
    // holds the bucket (both processes' grants) to 5, the second to 10.
    name: "a share in one process and none in another: each holds the bucket to its own cap",
    rule: { limit: 10, intervalMs: I, ceiling: true, share: 0.5 },
    steps: [
      ...PAST_START_UP,
      { take: "all", grants: 5 },
      { rule: { limit: 10, intervalMs: I, ceiling: true } },
      { take: "all", grants: 5 },
      { rule: { limit: 10, intervalMs: I, ceiling: true, share: 0.5 } },
      { at: 100 },
      { answer: "pending", remaining: falling(9, 10), resetAt: I },
      { take: "all", grants: 0 },
      { at: I + 100 },
      { take: "all", grants: 5 },
    ],
  },
  {
    // 4 others in 1.5 s: 24 of theirs until the reset, exactly (and a margin of 2); stored to
    // 9 decimals, the rate made it 24.000003 and the last request was withheld.
    name: "others' rate is kept exactly (the reserve falls on a whole request)",
    rule: { limit: 100, intervalMs: I },
    steps: [...twoWords(1000, 2000, 94), { take: "all", grants: 76 }],
  },
  {
    // Ten sent just before the reset on the first window's word are counted at the next one's
    // start. Its first word comes with nine of them out: one scout, whose word 1.4 s later
    // shows others drew 9; their part of the window less those 9 is left to them (26 of 80
    // go; 18 when their rate until the reset was).
    name: "a burst sent blind into a new window: one scout until its word",
    rule: { limit: 100, intervalMs: I },
    steps: [
      { take: 1 },
      { at: 10 },
      { answer: 1, remaining: 99, resetAt: I },
      { at: I - 20 },
      { take: 10, grants: 10 },
      { at: I + 100 },
      { answer: 2, remaining: 99, resetAt: 2 * I },
      // Others sharing the store ask again after the fastest round trip (10 ms), not at the reset.
      { take: "all", grants: 1, waitMs: 10 },
      { answer: tickets(3, 11), remaining: falling(98, 9), resetAt: 2 * I },
      { take: "all", grants: 0 },
      { at: I + 1500 },
      { answer: 12, remaining: 80, resetAt: 2 * I },
      { take: "all", grants: 26, waitMs: 5700 },
    ],
  },
  {
    // Of five sent before the reset, three are counted in the first window (answered after
    // it), two in the next. The scout finds 93 left: others drew 4 since the next window's
    // first word, not 1 (its floor counted the three too), and get their part (63 go, not 92).
    name: "answers that named an earlier window stay out of a window's words",
    rule: { limit: 100, intervalMs: I },
    steps: [
      { take: 1 },
      { at: 10 },
      { answer: 1, remaining: 99, resetAt: I },
      { at: I - 50 },
      { take: 5, grants: 5 },
      { at: I + 10 },
      { answer: tickets(2, 4), remaining: falling(98, 3), resetAt: I },
      { at: I + 20 },
      { answer: tickets(5, 6), remaining: falling(99, 2), resetAt: 2 * I },
      { at: I + 1000 },
      { take: "all", grants: 1 },
      { at: I + 1200 },
      { answer: 7, remaining: 93, resetAt: 2 * I },
      { take: "all", grants: 63, waitMs: 7800 },
    ],
  },
  {
    // A blind first burst straddles the window's turn: nine counted before it, three of
    // others' among them, eleven after. No word in it left after another was heard, so none
    // measured others; once the eleven are answered, the first window's tally shows them
    // (20 − 8 − 9), and the next window leaves them their part and a margin (14 go, not 19).
    name: "the first window counted whole once it is over: others a blind burst hid",
    rule: { limit: 20, intervalMs: I },
    steps: [
      ...blindBurstOf20([
        { answer: tickets(1, 9), remaining: [19, 16, 15, 14, 12, 11, 10, 9, 8], resetAt: I },
      ]),
      ...thirdWindowTakes(14),
    ],
  },
  {
    // The same, but the second request's answer was lost: it may be what the fall of
    // Remaining shows, so the tally tells nothing: the next window is the job's (19 go).
    name: "no first window tallied when an answer without a word may have been counted in it",
    rule: { limit: 20, intervalMs: I },
    steps: [
      ...blindBurstOf20([
        { answer: 2, settled: true },
        { answer: [1, ...tickets(3, 9)], remaining: [19, 15, 14, 12, 11, 10, 9, 8], resetAt: I },
      ]),
      ...thirdWindowTakes(19),
    ],
  },
  {
    // Alone: ticket 1 reached the server after the turn, 10 and 11 before it but answered
    // late. The tally waits for every grant made before 1's answer came, so it reads no
    // others (closed on the tickets below 1's, it read 2), and the next window is the job's.
    name: "the first window's tally waits for every grant made before the first later answer",
    rule: { limit: 20, intervalMs: I },
    steps: [
      { at: 0.99 * I },
      { take: 20, grants: 20 },
      { at: 0.999 * I },
      { answer: [...tickets(2, 9), 12], remaining: [...falling(19, 8), 9], resetAt: I },
      { at: I + 3 },
      { answer: 1, remaining: 19, resetAt: 2 * I },
      { at: I + 10 },
      { answer: [10, 11], remaining: [11, 10], resetAt: I },
      { answer: tickets(13, 20), remaining: falling(18, 8), resetAt: 2 * I },
      ...thirdWindowTakes(19),
    ],
  },
  {
    // Five of the first window spent before the job's first request was counted (a previous
    // run's, or others'): the tally counts from the first, and reads no others.
    name: "the first window's tally counts from this group's first answer in it",
    rule: { limit: 20, intervalMs: I },
    steps: [
      ...blindBurstOf20([{ answer: tickets(1, 9), remaining: falling(14, 9), resetAt: I }]),
      ...thirdWindowTakes(19),
    ],
  },
];

let server: RedisServer;
let redis: Redis;
let keySeq = 0;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url);
});

afterAll(async () => {
  redis?.disconnect();
  await server?.stop();
});

/**
 * The scenario through the in-memory store and through Redis (taking turns over `connections`
 * stores, as processes sharing the bucket do); both sides' decisions.
 */
async function runBoth(
  s: Scenario,
  connections = 1,
): Promise<{ memory: Decision[]; redis: Decision[] }> {
  const memoryClock = { now: START };
  const memory = new MemoryLimiterStore({ now: () => memoryClock.now });
  const redisClock = { now: START };
  const stores = Array.from(
    { length: connections },
    () =>
      new RedisLimiterStore({
        client: fakeClockClient(redis, () => redisClock.now),
        timeoutMs: 30_000,
      }),
  );
  const key = `parity-${++keySeq}`;
  try {
    return {
      memory: await runScript([memory], key, s.rule, s.steps, memoryClock, START),
      redis: await runScript(stores, key, s.rule, s.steps, redisClock, START),
    };
  } finally {
    await Promise.all(stores.map((store) => store.close()));
  }
}

/** `redis` with each wait hint within the tolerance of the reference's replaced by it. */
function withinTolerance(redisDecisions: Decision[], memory: Decision[]): Decision[] {
  return redisDecisions.map((d, i) => {
    const ref = memory[i];
    const close =
      ref !== undefined &&
      d.waitMs >= ref.waitMs &&
      d.waitMs - ref.waitMs <= WAIT_TOLERANCE_MS + 1e-9;
    return close ? { ...d, waitMs: ref.waitMs } : d;
  });
}

describe("the budget in Lua decides as the TypeScript reference does", () => {
  it.each(scenarios.map((s) => [s.name, s] as const))("%s", async (_name, s) => {
    const both = await runBoth(s);
    expect(withinTolerance(both.redis, both.memory)).toEqual(both.memory);
    // Each scenario exercises what it is named for (checked on the reference).
    for (const [index, step] of s.steps.entries()) {
      if (!("take" in step)) continue;
      const outcome = outcomeOf(both.memory, index);
      if (step.grants !== undefined) expect(outcome.grants, `step ${index}`).toBe(step.grants);
      if (step.waitMs !== undefined) expect(outcome.waitMs, `step ${index}`).toBe(step.waitMs);
    }
  });
});

/** Random scripts per rule; more with `PARITY_RUNS` (fast-check prints a failure's seed). */
const RUNS = Number(process.env.PARITY_RUNS ?? 25);

describe("the budget in Lua decides as the TypeScript reference does, on random scripts", () => {
  const rules: [string, RateLimitRule][] = [
    ["limit 10", { limit: 10, intervalMs: I }],
    ["limit 3 (the log's ring wraps often)", { limit: 3, intervalMs: I }],
    ["limit 100", { limit: 100, intervalMs: I }],
    ["limit 10, headroom 0.02", { limit: 10, intervalMs: I, headroom: 0.02 }],
    ["limit 10, share 0.55", { limit: 10, intervalMs: I, share: 0.55 }],
    ["limit 10, a ceiling", { limit: 10, intervalMs: I, ceiling: true }],
    ["limit 10, a ceiling, a lease", { limit: 10, intervalMs: I, ceiling: true, leaseMs: I }],
    [
      "limit 10, a ceiling over four of the server's windows",
      { limit: 10, intervalMs: I, ceiling: true, serverIntervalMs: I / 4 },
    ],
    [
      "limit 10, share 0.55, a ceiling over four of the server's windows",
      { limit: 10, intervalMs: I, share: 0.55, ceiling: true, serverIntervalMs: I / 4 },
    ],
  ];
  const scripts = [
    ["any words", budgetScriptArbitrary],
    ["jobs against a shared fixed window", jobScriptArbitrary],
  ] as const;
  const cases = rules.flatMap(([name, rule]) =>
    scripts.flatMap(([kind, arbitrary]) => [
      [`${name}, ${kind}, one connection`, rule, arbitrary, 1] as const,
      [`${name}, ${kind}, two connections taking turns`, rule, arbitrary, 2] as const,
    ]),
  );
  it.each(cases)(
    "%s",
    async (_name, rule, arbitrary, connections) => {
      const seen = { grants: 0, waits: 0 };
      await fc.assert(
        fc.asyncProperty(arbitrary(rule), async (steps) => {
          const both = await runBoth({ name: "random", rule, steps }, connections);
          expect(withinTolerance(both.redis, both.memory)).toEqual(both.memory);
          for (const d of both.memory) seen[d.ticket > 0 ? "grants" : "waits"]++;
        }),
        { numRuns: RUNS },
      );
      // Both answers must be well represented, or the agreement proves little.
      expect(seen.grants).toBeGreaterThan(RUNS);
      expect(seen.waits).toBeGreaterThan(RUNS);
      // A job of limit 100 takes up to ~100 ms a run on a loaded machine: room for PARITY_RUNS.
    },
    60_000 + RUNS * 250,
  );
});
