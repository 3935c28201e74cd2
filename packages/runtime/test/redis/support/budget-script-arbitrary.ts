import fc from "fast-check";
import type { RateLimitRule } from "../../../src/index.js";
import type { Step } from "./budget-script.js";

/** A step before times are known: the clock moves by `advance`, resets are relative to it. */
type Move =
  | { advance: number }
  | { take: number | "all" }
  | { pause: number }
  | {
      answer: number;
      word: "none" | "settled" | "headers";
      remaining: number;
      lowerLimit: boolean;
      reset: { kind: "window-end" | "ahead" | "past" | "absent"; ms: number };
      refused: boolean;
    };

/**
 * Random sequences of calls on one bucket under `rule`, as {@link Step}s: clock moves of
 * every size (none, so grants share a time; fractions of a ms; within a window; across
 * windows), takes, pauses,
 * and answers to any pending ticket (so out of order) with words of every kind: headers or
 * not, settled without an answer, refusals, the server's lower limit, resets at a fixed
 * window's end, ahead as a sliding window's, already past, or absent. The words need not be
 * a consistent server's: both stores must decide alike whatever they are told.
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
        answer: fc.nat(100),
        word: fc.oneof(
          { weight: 6, arbitrary: fc.constant("headers" as const) },
          { weight: 1, arbitrary: fc.constant("none" as const) },
          { weight: 1, arbitrary: fc.constant("settled" as const) },
        ),
        remaining: fc.integer({ min: 0, max: rule.limit }),
        lowerLimit: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
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

function toSteps(moves: Move[], rule: RateLimitRule): Step[] {
  const I = rule.intervalMs;
  let now = 0;
  return moves.map((m): Step => {
    if ("advance" in m) {
      now += m.advance;
      return { at: now };
    }
    if ("take" in m) return { take: m.take };
    if ("pause" in m) return { pause: now + m.pause };
    const answer = { nthPending: m.answer };
    if (m.word === "none") return { answer };
    if (m.word === "settled") return { answer, settled: true };
    const resetAt = {
      "window-end": (Math.floor(now / I) + 1) * I,
      ahead: now + m.reset.ms,
      past: now - m.reset.ms + 1,
      absent: undefined,
    }[m.reset.kind];
    return {
      answer,
      remaining: m.remaining,
      refused: m.refused,
      ...(m.lowerLimit ? { limit: Math.max(1, Math.floor(rule.limit / 2)) } : {}),
      ...(resetAt === undefined ? {} : { resetAt }),
    };
  });
}
