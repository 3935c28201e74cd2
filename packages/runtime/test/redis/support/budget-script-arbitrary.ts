import fc from "fast-check";
import type { RateLimitRule } from "../../../src/index.js";
import type { Step } from "./budget-script.js";
import type { FixedWindowServer } from "./fixed-window-server.js";

/** A step before times are known: the clock moves by `advance`, resets are relative to it. */
type Move =
  | { advance: number }
  | { limit: number }
  | { after: "wait" }
  | { take: number | "all" }
  | { pause: number }
  | {
      answer: number | { nthPending: number };
      word: "none" | "settled" | "headers";
      remaining: number;
      limitHeader: "rule" | "lower" | "higher" | "absent";
      reset: { kind: "window-end" | "ahead" | "past" | "absent"; ms: number };
      refused: boolean;
    };

/**
 * Random sequences of calls on one bucket under `rule`, as {@link Step}s: clock moves of
 * every size (none, so grants share a time; fractions of a ms; within a window; across
 * windows), takes, pauses, and answers to any pending ticket (so out of order), or to any
 * ticket at all, with words of every kind: headers or not, settled without an answer,
 * refusals, the server's lower limit or none, resets at a fixed window's end, ahead as a sliding
 * window's, already past, or absent. The words need not be a consistent server's: both
 * stores must decide alike whatever they are told.
 */
export function budgetScriptArbitrary(rule: RateLimitRule): fc.Arbitrary<Step[]> {
  const I = rule.intervalMs;
  const move: fc.Arbitrary<Move> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        advance: fc.oneof(
          fc.constant(0),
          fc.integer({ min: 1, max: 50 }),
          // Eighths of a ms: fractional, yet exact in a double and in the Lua's µs.
          fc.integer({ min: 1, max: 400 }).map((n) => n / 8),
          fc.integer({ min: 1, max: I / 4 }),
          fc.integer({ min: 1, max: 2 * I }),
        ),
      }),
    },
    // Rarely, another process told another limit (so another log size) on this bucket.
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(rule.limit * 2, Math.ceil(rule.limit / 2), rule.limit)
        .map((limit) => ({ limit })),
    },
    // As the runtime does: sleep as long as the store said, then ask again.
    { weight: 2, arbitrary: fc.constant({ after: "wait" as const }) },
    {
      weight: 3,
      arbitrary: fc.record({
        take: fc.oneof(fc.integer({ min: 1, max: 5 }), fc.constant("all" as const)),
      }),
    },
    { weight: 1, arbitrary: fc.record({ pause: fc.integer({ min: 0, max: I }) }) },
    {
      weight: 5,
      arbitrary: fc.record({
        // Mostly a pending ticket (any of them: out of order); sometimes any number, so also
        // one answered already, one never granted, or 0.
        answer: fc.oneof(
          { weight: 5, arbitrary: fc.nat(100).map((n) => ({ nthPending: n })) },
          { weight: 1, arbitrary: fc.nat(60) },
        ),
        word: fc.oneof(
          { weight: 6, arbitrary: fc.constant("headers" as const) },
          { weight: 1, arbitrary: fc.constant("none" as const) },
          { weight: 1, arbitrary: fc.constant("settled" as const) },
        ),
        remaining: fc.integer({ min: 0, max: rule.limit }),
        limitHeader: fc.constantFrom("rule", "rule", "rule", "lower", "higher", "absent"),
        reset: fc.record({
          kind: fc.constantFrom("window-end", "window-end", "ahead", "past", "absent"),
          ms: fc.integer({ min: 1, max: I }),
        }),
        refused: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
      }),
    },
  );
  return fc
    .array(move, { minLength: 1, maxLength: 60, size: "max" })
    .map((moves) => toSteps(moves, rule));
}

/**
 * Random jobs as the runtime runs them, against a consistent server: a
 * {@link FixedWindowServer} shared with another consumer taking up to 60 % of each window.
 * Take what is granted, wait a latency, answer the requests (all, or one of them: out of
 * order), sleep as long as the store says; now and then a request ends without an answer.
 * This is what measures others' draw, reserves it, and sends the late word.
 */
export function jobScriptArbitrary(rule: RateLimitRule): fc.Arbitrary<Step[]> {
  const I = rule.intervalMs;
  const foreign = fc.integer({ min: 1, max: Math.floor(rule.limit * 0.6) });
  const move = (others: number): fc.Arbitrary<Step> =>
    fc.oneof(
      { weight: 4, arbitrary: fc.constant({ take: "all" as const }) },
      {
        weight: 3,
        arbitrary: fc
          .oneof(
            fc.integer({ min: 1, max: I / 20 }),
            fc.integer({ min: 1, max: 400 }).map((n) => n / 8),
          )
          .map((after) => ({ after })),
      },
      { weight: 3, arbitrary: fc.constant({ after: "wait" as const }) },
      { weight: 2, arbitrary: fc.constant({ answer: "pending" as const, foreign: others }) },
      {
        weight: 2,
        arbitrary: fc.nat(100).map((n) => ({ answer: { nthPending: n }, foreign: others })),
      },
      {
        weight: 1,
        arbitrary: fc.nat(100).map((n) => ({ answer: { nthPending: n }, settled: true })),
      },
    );
  return foreign.chain((others) =>
    fc.array(move(others), { minLength: 1, maxLength: 120, size: "max" }),
  );
}

function toSteps(moves: Move[], rule: RateLimitRule): Step[] {
  return moves.map((m): Step => {
    if ("advance" in m) return { after: m.advance };
    if ("limit" in m) return { rule: { ...rule, limit: m.limit } };
    if ("after" in m || "take" in m) return m;
    if ("pause" in m) return { pauseIn: m.pause };
    const answer = m.answer;
    if (m.word === "none") return { answer };
    if (m.word === "settled") return { answer, settled: true };
    const reset = {
      "window-end": { resetAt: "window-end" as const },
      ahead: { resetIn: m.reset.ms },
      past: { resetIn: 1 - m.reset.ms },
      absent: {},
    }[m.reset.kind];
    return {
      answer,
      remaining: m.remaining,
      refused: m.refused,
      ...(m.limitHeader === "lower" ? { limit: Math.max(1, Math.floor(rule.limit / 2)) } : {}),
      // A server that allows more than the rule told (a ceiling holds then).
      ...(m.limitHeader === "higher" ? { limit: rule.limit * 2 } : {}),
      ...(m.limitHeader === "absent" ? { limit: null } : {}),
      ...reset,
    };
  });
}
