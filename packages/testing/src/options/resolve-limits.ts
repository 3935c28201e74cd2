import { MAX_TIMER_MS } from "@braze-subscriptions/client";
import { type FaultKind, faultKinds, type ResolvedFaults } from "../core/faults.js";
import type { ResolvedRateLimit } from "../core/rate-limit/index.js";
import type { FaultOptions, RateLimitOptions } from "./fake-options.js";
import type { Fail, Int } from "./option-checks.js";

/** `rateLimit`: `false`, or overrides of the spec's `x-rate-limit` and the window kind. */
export function resolveRateLimit(
  rateLimit: unknown,
  fail: Fail,
  int: Int,
): ResolvedRateLimit | false {
  if (rateLimit === false) return false;
  if (rateLimit === undefined)
    return {
      limit: undefined,
      intervalMs: undefined,
      window: "fixed",
      foreignShare: 0,
      buckets: new Map(),
    };
  if (rateLimit === null || typeof rateLimit !== "object") {
    return fail(
      "rateLimit",
      "false or an object { limit?, intervalMs?, window?, foreignShare? }",
      rateLimit,
    );
  }
  const { limit, intervalMs, window, foreignShare, buckets } = rateLimit as RateLimitOptions;
  if (buckets !== undefined && (buckets === null || typeof buckets !== "object"))
    fail("rateLimit.buckets", "an object of bucket name → { limit?, intervalMs? }", buckets);
  const perBucket = new Map<
    string,
    { limit: number | undefined; intervalMs: number | undefined }
  >();
  for (const [bucket, rule] of Object.entries(buckets ?? {})) {
    if (rule === null || typeof rule !== "object")
      fail(`rateLimit.buckets.${bucket}`, "an object { limit?, intervalMs? }", rule);
    perBucket.set(bucket, {
      limit:
        rule.limit === undefined
          ? undefined
          : int(`rateLimit.buckets.${bucket}.limit`, rule.limit, 0, 1),
      intervalMs:
        rule.intervalMs === undefined
          ? undefined
          : int(`rateLimit.buckets.${bucket}.intervalMs`, rule.intervalMs, 0, 1, MAX_TIMER_MS),
    });
  }
  if (window !== undefined && window !== "fixed" && window !== "sliding") {
    fail("rateLimit.window", `"fixed" or "sliding"`, window);
  }
  if (
    foreignShare !== undefined &&
    (typeof foreignShare !== "number" || !(foreignShare >= 0 && foreignShare < 1))
  ) {
    fail("rateLimit.foreignShare", "a number from 0 to below 1", foreignShare);
  }
  return {
    limit: limit === undefined ? undefined : int("rateLimit.limit", limit, 0, 1),
    intervalMs:
      intervalMs === undefined
        ? undefined
        : int("rateLimit.intervalMs", intervalMs, 0, 1, MAX_TIMER_MS),
    window: window ?? "fixed",
    foreignShare: foreignShare ?? 0,
    buckets: perBucket,
  };
}

/** `faults`: seed, rates (summing to at most 1), timeout delay and storms. */
export function resolveFaults(faults: unknown, fail: Fail, int: Int): ResolvedFaults {
  if (faults === undefined) {
    return { seed: 1, rates: {}, timeoutDelayMs: 30_000, storms: [], unknownGroups: new Set() };
  }
  if (faults === null || typeof faults !== "object") {
    return fail(
      "faults",
      "an object { seed?, rates?, timeoutDelayMs?, storms?, unknownGroups? }",
      faults,
    );
  }
  const { seed, rates, timeoutDelayMs, storms, unknownGroups } = faults as FaultOptions;
  if (
    unknownGroups !== undefined &&
    (!Array.isArray(unknownGroups) || !unknownGroups.every((g) => typeof g === "string"))
  ) {
    fail("faults.unknownGroups", "an array of subscription group ids", unknownGroups);
  }
  if (rates !== undefined && (rates === null || typeof rates !== "object")) {
    fail("faults.rates", `an object of fault kind (${faultKinds.join(", ")}) → fraction`, rates);
  }
  let sum = 0;
  for (const [kind, rate] of Object.entries(rates ?? {})) {
    if (!faultKinds.includes(kind as FaultKind))
      fail("faults.rates", `keys among ${faultKinds.join(", ")}`, kind);
    if (typeof rate !== "number" || !(rate >= 0 && rate <= 1))
      fail(`faults.rates.${kind}`, "a number from 0 to 1", rate);
    sum += rate;
  }
  if (sum > 1 + 1e-9) fail("faults.rates", "fractions that add up to at most 1", `a sum of ${sum}`);
  if (storms !== undefined && !Array.isArray(storms))
    fail("faults.storms", "an array of { startMs, durationMs, everyMs? }", storms);
  return {
    seed: int("faults.seed", seed, 1, Number.MIN_SAFE_INTEGER),
    rates: { ...rates },
    timeoutDelayMs: int("faults.timeoutDelayMs", timeoutDelayMs, 30_000, 0, MAX_TIMER_MS),
    storms: (storms ?? []).map((storm, i) => {
      if (storm === null || typeof storm !== "object")
        fail(`faults.storms[${i}]`, "an object { startMs, durationMs, everyMs? }", storm);
      const startMs = int(
        `faults.storms[${i}].startMs`,
        storm.startMs,
        Number.NaN,
        0,
        MAX_TIMER_MS,
      );
      const durationMs = int(
        `faults.storms[${i}].durationMs`,
        storm.durationMs,
        Number.NaN,
        1,
        MAX_TIMER_MS,
      );
      if (Number.isNaN(startMs) || Number.isNaN(durationMs)) {
        fail(`faults.storms[${i}]`, "an object with startMs and durationMs", storm);
      }
      const everyMs =
        storm.everyMs === undefined
          ? undefined
          : int(`faults.storms[${i}].everyMs`, storm.everyMs, 0, durationMs, MAX_TIMER_MS);
      return everyMs === undefined ? { startMs, durationMs } : { startMs, durationMs, everyMs };
    }),
    unknownGroups: new Set(unknownGroups ?? []),
  };
}
