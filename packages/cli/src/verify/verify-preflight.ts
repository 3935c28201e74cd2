import { type BrazeRuntime, refusesGroupAlone } from "@braze-subscriptions/runtime";
import { isSubscriptionGroupId } from "@braze-subscriptions/validators";
import { SETTINGS_REFUSED } from "../commands/settings-refusal.js";
import { UsageError } from "../errors.js";
import type { IdentifierType } from "../input/identifier-type.js";
import type { InputRecord } from "../input/input-record.js";
import { PEEK_RECORDS } from "../start/preflight-start.js";
import type { PlannedPair } from "./read-set-report.js";

/**
 * `verify`'s check before it reads back in bulk: the runtime's preflight for a job of reads
 * (one read of the first pair's group and the first valid identifier among `records`, the
 * first records of that pair). Settings that would fail every line alike, or a rate-limit
 * store that refuses for good, are one line and exit 2 before any report exists: read line
 * by line, they made every line `failed` and the verdict "2 of 2 lines are not unsubscribed"
 * (exit 3), which says nothing of the lines. A refused group (400) stops a job of one group
 * alike (`onlyPair`); a job reading back several pairs reads the others, that group's lines
 * failing with the refusal. Anything else the check meets (a 5xx, a timeout, a 429) is left to
 * the reads, which retry.
 */
export async function preflightVerify(
  runtime: BrazeRuntime,
  pair: PlannedPair,
  type: IdentifierType,
  records: Iterable<InputRecord> | AsyncIterable<InputRecord>,
  onlyPair: boolean,
): Promise<void> {
  // A group no request may carry is not read (the runtime refuses it): its lines end as the
  // reads end them.
  if (!isSubscriptionGroupId(pair.subscriptionGroupId)) return;
  const candidates: string[] = [];
  let seen = 0;
  for await (const record of records) {
    if (record.kind === "identifier") candidates.push(record.id);
    if (++seen >= PEEK_RECORDS) break;
  }
  const check = await runtime.preflight(
    { subscriptionGroupId: pair.subscriptionGroupId, type, candidates },
    { purpose: "reads" },
  );
  if (check?.outcome !== "stopped") return;
  const { error } = check;
  if (error.code === "rate_limiter_unavailable")
    throw new UsageError(
      `cannot use Redis (--redis-url or BRAZE_REDIS_URL): ${error.message}; nothing was read`,
    );
  const { status } = error;
  if (
    status !== undefined &&
    (SETTINGS_REFUSED.has(status) || (onlyPair && refusesGroupAlone(status)))
  )
    throw new UsageError(`${error.message}; nothing was read`);
}
