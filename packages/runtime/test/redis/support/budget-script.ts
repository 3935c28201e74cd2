import type { BudgetObservation, LimiterStore, RateLimitRule } from "../../../src/index.js";
import { FixedWindowServer } from "./fixed-window-server.js";

/**
 * One step of a scripted sequence of calls on a {@link LimiterStore}, on a clock the script
 * moves (times are ms after the scenario's start, which is aligned to the interval):
 * - `at`: move the clock to this time; `after`: forward by this many ms, or by the last wait
 *   hint (`"wait"`, as the runtime sleeps until it asks again) if the last acquisition said
 *   wait;
 * - `take`: acquire this many times, or `"all"`: until the store says wait (and that wait is
 *   recorded too); `grants` and `waitMs` say what the reference store must answer (how many
 *   granted, and the last wait hint), to show the step exercises what it is named for;
 * - `answer`: the response to these tickets said this (`remaining` may be one per ticket);
 *   `"last"` is the last ticket granted, `"pending"` every granted ticket not answered yet,
 *   `{ nthPending: n }` the n-th of those (modulo their number; none when there are none).
 *   The reset is `resetAt`, or `resetIn` ms from now, or `"window-end"` (of the fixed window
 *   now is in). With `foreign`, the words are a {@link FixedWindowServer}'s shared with a
 *   consumer taking that many requests per window (and a refusal pauses the bucket until the
 *   reset, as the runtime does);
 * - `pause`: `pauseUntil` this time, or `pauseIn` ms from now;
 * - `rule`: the calls that follow use this rule (another process told another limit).
 */
export type Step =
  | { at: number }
  | { after: number | "wait" }
  | { take: number | "all"; grants?: number; waitMs?: number }
  | {
      answer: number | readonly number[] | "last" | "pending" | { nthPending: number };
      remaining?: number | readonly number[];
      /** `X-RateLimit-Limit` with `remaining`: the rule's by default; null: not sent. */
      limit?: number | null;
      resetAt?: number | "window-end";
      resetIn?: number;
      refused?: boolean;
      settled?: boolean;
      foreign?: number;
    }
  | { pause: number }
  | { pauseIn: number }
  | { rule: RateLimitRule };

type Answer = Extract<Step, { answer: unknown }>;

/** Most acquisitions of one `take: "all"`: far above any scenario's limit. */
const MOST_TAKEN = 1000;

/** One decision of a store: when, at which step, and what it answered (ticket 0: wait). */
export interface Decision {
  step: number;
  at: number;
  ticket: number;
  waitMs: number;
}

/** Tickets `from` to `to`, inclusive. */
export function tickets(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * Runs `steps` on `stores` under `rule` (step n on store n modulo their number: several
 * connections, or processes, sharing one bucket), moving `clock` (the stores' time source,
 * epoch ms); returns every acquisition's answer. `start` is the epoch ms of time 0.
 */
export async function runScript(
  stores: readonly LimiterStore[],
  key: string,
  firstRule: RateLimitRule,
  steps: readonly Step[],
  clock: { now: number },
  start: number,
): Promise<Decision[]> {
  const decisions: Decision[] = [];
  const pending = new Set<number>();
  let server: FixedWindowServer | undefined;
  let rule = firstRule;
  clock.now = start;
  for (const [index, step] of steps.entries()) {
    const at = clock.now - start;
    const store = stores[index % stores.length] as LimiterStore;
    if ("rule" in step) {
      rule = step.rule;
    } else if ("at" in step) {
      clock.now = start + step.at;
    } else if ("after" in step) {
      clock.now += step.after === "wait" ? (decisions.at(-1)?.waitMs ?? 0) : step.after;
    } else if ("take" in step) {
      // "All" stops at a bound too: a store granting without end fails the test, not hangs it.
      const most = step.take === "all" ? MOST_TAKEN : step.take;
      for (let n = 0; n < most; n++) {
        const { ticket, waitMs } = await store.acquire(key, rule);
        decisions.push({ step: index, at, ticket, waitMs });
        if (ticket > 0) pending.add(ticket);
        if (ticket === 0 && step.take === "all") break;
      }
    } else if ("answer" in step) {
      for (const [i, ticket] of answered(step, decisions, pending).entries()) {
        pending.delete(ticket);
        if (step.foreign === undefined) {
          const remaining = typeof step.remaining === "object" ? step.remaining[i] : step.remaining;
          await store.observe(key, rule, observation(step, ticket, remaining, rule, at, start));
          continue;
        }
        server ??= new FixedWindowServer(rule.limit, rule.intervalMs, step.foreign);
        const word = server.answer(at);
        const said = { ...step, ...word };
        await store.observe(key, rule, observation(said, ticket, word.remaining, rule, at, start));
        if (word.refused) await store.pauseUntil(key, start + word.resetAt);
      }
    } else {
      await store.pauseUntil(key, "pause" in step ? start + step.pause : clock.now + step.pauseIn);
    }
  }
  return decisions;
}

function answered(step: Answer, decisions: readonly Decision[], pending: Set<number>): number[] {
  const { answer } = step;
  if (answer === "last") return [Math.max(0, ...decisions.map((d) => d.ticket))];
  if (answer === "pending") return [...pending];
  if (typeof answer === "number") return [answer];
  if (!("nthPending" in answer)) return [...answer];
  const list = [...pending];
  return list.length === 0 ? [] : [list[answer.nthPending % list.length] as number];
}

function observation(
  step: Answer,
  ticket: number,
  remaining: number | undefined,
  rule: RateLimitRule,
  at: number,
  start: number,
): BudgetObservation {
  const I = rule.intervalMs;
  const resetAt =
    step.resetAt === "window-end"
      ? (Math.floor(at / I) + 1) * I
      : (step.resetAt ?? (step.resetIn === undefined ? undefined : at + step.resetIn));
  return {
    ticket,
    refused: step.refused ?? false,
    ...(step.settled === undefined ? {} : { settled: step.settled }),
    // The runtime reads Limit and Reset with Remaining (a fake or a server sends them together).
    ...(remaining === undefined ? {} : { remaining }),
    ...(remaining === undefined || step.limit === null ? {} : { limit: step.limit ?? rule.limit }),
    ...(resetAt === undefined ? {} : { resetAtMs: start + resetAt }),
  };
}

/** Counts the grants of each `take` step and its last wait, for the steps' own expectations. */
export function outcomeOf(
  decisions: readonly Decision[],
  step: number,
): { grants: number; waitMs: number | undefined } {
  const mine = decisions.filter((d) => d.step === step);
  const last = mine.at(-1);
  return {
    grants: mine.filter((d) => d.ticket > 0).length,
    waitMs: last && last.ticket === 0 ? last.waitMs : undefined,
  };
}
