import { BELOW_ONE, type OptionChecker } from "@braze-subscriptions/option-checks";
import { type FaultKind, faultKinds, type ResolvedFaults } from "../core/faults.js";
import type { ResolvedRateLimit } from "../core/rate-limit/index.js";
import type { FaultOptions, RateLimitOptions } from "./fake-options.js";

const BUCKET = "an object { limit?, intervalMs? }";
const MAP = `an object of bucket name → ${BUCKET}`;

/** `rateLimit`: `false`, or overrides of the spec's `x-rate-limit` and the window kind. */
export function resolveRateLimit(
  rateLimit: unknown,
  check: OptionChecker,
): ResolvedRateLimit | false {
  if (rateLimit === false) return false;
  const { limit, intervalMs, window, foreignShare, buckets } = check.object(
    rateLimit as RateLimitOptions | undefined,
    "rateLimit",
    "false or an object { limit?, intervalMs?, window?, foreignShare? }",
  );
  // An unset limit or interval stays `undefined`: the spec's value applies.
  const rule = (given: { limit?: unknown; intervalMs?: unknown }, at: string) => ({
    limit: check.integer(given.limit, `${at}limit`, undefined, 1),
    intervalMs: check.duration(given.intervalMs, `${at}intervalMs`, undefined, 1, true),
  });
  const perBucket = new Map<string, ReturnType<typeof rule>>();
  for (const [name, given] of Object.entries(check.object(buckets, "rateLimit.buckets", MAP))) {
    const at = `rateLimit.buckets.${name}`;
    perBucket.set(name, rule(check.object(given, at, BUCKET), `${at}.`));
  }
  return {
    ...rule({ limit, intervalMs }, "rateLimit."),
    window: check.oneOf(window, "rateLimit.window", "fixed", ["fixed", "sliding"]),
    foreignShare: check.number(foreignShare, "rateLimit.foreignShare", 0, BELOW_ONE),
    buckets: perBucket,
  };
}

/** `faults`: seed, rates (summing to at most 1), timeout delay and storms. */
export function resolveFaults(faults: unknown, check: OptionChecker): ResolvedFaults {
  const { fail } = check;
  const { seed, rates, timeoutDelayMs, storms, unknownGroups } = check.object(
    faults as FaultOptions | undefined,
    "faults",
    "an object { seed?, rates?, timeoutDelayMs?, storms?, unknownGroups? }",
  );
  if (
    unknownGroups !== undefined &&
    (!Array.isArray(unknownGroups) || !unknownGroups.every((g) => typeof g === "string"))
  ) {
    fail("faults.unknownGroups", "an array of subscription group ids", unknownGroups);
  }
  const kinds = `an object of fault kind (${faultKinds.join(", ")}) → fraction`;
  let sum = 0;
  for (const [kind, rate] of Object.entries(check.object(rates, "faults.rates", kinds))) {
    if (!faultKinds.includes(kind as FaultKind))
      fail("faults.rates", `keys among ${faultKinds.join(", ")}`, kind);
    sum += check.number(rate, `faults.rates.${kind}`, 0, {
      min: 0,
      max: 1,
      text: "a number from 0 to 1",
    });
  }
  if (sum > 1 + 1e-9) fail("faults.rates", "fractions that add up to at most 1", `a sum of ${sum}`);
  if (storms !== undefined && !Array.isArray(storms))
    fail("faults.storms", "an array of { startMs, durationMs, everyMs? }", storms);
  return {
    seed: check.integer(seed, "faults.seed", 1, Number.MIN_SAFE_INTEGER),
    rates: { ...rates },
    timeoutDelayMs: check.duration(timeoutDelayMs, "faults.timeoutDelayMs", 30_000, 0, true),
    storms: (storms ?? []).map((storm, i) => {
      const at = `faults.storms[${i}]`;
      if (
        storm === null ||
        typeof storm !== "object" ||
        storm.startMs === undefined ||
        storm.durationMs === undefined
      )
        fail(at, "an object with startMs and durationMs", storm);
      const startMs = check.duration(storm.startMs, `${at}.startMs`, 0, 0, true);
      const durationMs = check.duration(storm.durationMs, `${at}.durationMs`, 0, 1, true);
      if (storm.everyMs === undefined) return { startMs, durationMs };
      return {
        startMs,
        durationMs,
        everyMs: check.duration(storm.everyMs, `${at}.everyMs`, 0, durationMs, true),
      };
    }),
    unknownGroups: new Set(unknownGroups ?? []),
  };
}
