import { BELOW_ONE, type Field, field } from "@braze-subscriptions/option-checks";
import {
  type FaultKind,
  faultKinds,
  type ResolvedFaults,
  type StormWindow,
} from "../core/faults.js";
import type { ResolvedRateLimit } from "../core/rate-limit/index.js";
import { routes } from "../spec/operations.js";

/** A budget: an unset limit or interval stays `undefined` (the spec's value applies). */
const rule = {
  limit: field.integer({ min: 1, default: undefined }),
  intervalMs: field.duration({ min: 1, integer: true, default: undefined }),
};
const budget = field.object(rule, "an object { limit?, intervalMs? }");

// The spec's buckets (`x-rate-limit.bucket`): a budget for any other name would limit nothing.
const knownBuckets = [...new Set(routes.map((route) => route.rateLimit.bucket))];

/** `rateLimit.buckets`: bucket name (one of the spec's) → its own budget. */
const buckets: Field<ResolvedRateLimit["buckets"]> = (value, name, check) => {
  const given = check.object(
    value as object | undefined,
    name,
    "an object of bucket name → an object { limit?, intervalMs? }",
  );
  for (const bucket of Object.keys(given)) {
    if (!knownBuckets.includes(bucket))
      check.fail(name, `keys among the spec's buckets ${knownBuckets.join(", ")}`, bucket);
  }
  return new Map(
    Object.entries(given).map(([b, rule]) => [b, budget(rule, `${name}.${b}`, check)]),
  );
};

/** `rateLimit`: `false`, or overrides of the spec's `x-rate-limit` and the window kind. */
export const rateLimit: Field<ResolvedRateLimit | false> = (value, name, check) =>
  value === false
    ? false
    : field.object(
        {
          ...rule,
          window: field.oneOf(["fixed", "sliding"], "fixed"),
          foreignShare: field.number({ ...BELOW_ONE, default: 0 }),
          buckets,
        },
        "false or an object { limit?, intervalMs?, window?, foreignShare?, buckets? }",
      )(value, name, check);

/** `faults.rates`: fault kind → fraction, summing to at most 1. */
const rates: Field<ResolvedFaults["rates"]> = (value, name, check) => {
  const kinds = `an object of fault kind (${faultKinds.join(", ")}) → fraction`;
  const given = check.object(value as object | undefined, name, kinds);
  const fraction = field.number({ min: 0, max: 1, text: "a number from 0 to 1", default: 0 });
  let sum = 0;
  for (const [kind, rate] of Object.entries(given)) {
    if (!faultKinds.includes(kind as FaultKind))
      check.fail(name, `keys among ${faultKinds.join(", ")}`, kind);
    sum += fraction(rate, `${name}.${kind}`, check);
  }
  if (sum > 1 + 1e-9) check.fail(name, "fractions that add up to at most 1", `a sum of ${sum}`);
  return { ...given };
};

/** `faults.storms`: windows of 429s, each `{ startMs, durationMs, everyMs? }`. */
const storms: Field<StormWindow[]> = (value, name, check) => {
  if (value !== undefined && !Array.isArray(value))
    check.fail(name, "an array of { startMs, durationMs, everyMs? }", value);
  return ((value ?? []) as StormWindow[]).map((storm, i) => {
    const at = `${name}[${i}]`;
    if (
      storm === null ||
      typeof storm !== "object" ||
      storm.startMs === undefined ||
      storm.durationMs === undefined
    )
      check.fail(at, "an object with startMs and durationMs", storm);
    // A misspelt `everyMs` ran a storm that never repeated: names outside these are refused.
    check.known(storm, ["startMs", "durationMs", "everyMs"], `${at}.`);
    const ms = (min: number) => field.duration({ min, integer: true, default: 0 });
    const window = check.fields(storm, { startMs: ms(0), durationMs: ms(1) }, `${at}.`);
    if (storm.everyMs === undefined) return window;
    return { ...window, ...check.fields(storm, { everyMs: ms(window.durationMs) }, `${at}.`) };
  });
};

/** `faults.unknownGroups`: group ids the fake answers as unknown. */
const unknownGroups: Field<ReadonlySet<string>> = (value, name, check) => {
  if (value !== undefined && (!Array.isArray(value) || !value.every((g) => typeof g === "string")))
    check.fail(name, "an array of subscription group ids", value);
  return new Set((value ?? []) as string[]);
};

/** `faults`: seed, rates (summing to at most 1), timeout delay and storms. */
export const faults: Field<ResolvedFaults> = field.object(
  {
    seed: field.integer({ min: Number.MIN_SAFE_INTEGER, default: 1 }),
    rates,
    timeoutDelayMs: field.duration({ min: 0, integer: true, default: 30_000 }),
    storms,
    unknownGroups,
  },
  "an object { seed?, rates?, timeoutDelayMs?, storms?, unknownGroups? }",
);
