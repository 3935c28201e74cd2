import { type OpenApiDocument, operationMetadata } from "@braze-subscriptions/generate-client";
import { operationObject } from "./code-samples/operation-context.js";

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Units from the largest, with the short names badges use. */
const UNITS: ReadonlyArray<[name: string, size: number]> = [
  ["day", DAY],
  ["h", HOUR],
  ["min", MINUTE],
  ["s", SECOND],
];

/** A window length as badges write it: `min` for a minute, `2 h`, `1500 ms`. */
export function formatInterval(ms: number): string {
  for (const [unit, size] of UNITS) {
    if (ms % size !== 0) continue;
    const count = ms / size;
    return count === 1 ? unit : `${count} ${unit}`;
  }
  return `${ms} ms`;
}

/**
 * The badge text of an `x-rate-limit`, e.g. `5,000/min`. Short, because Redoc repeats badges
 * in the narrow sidebar; the description says the rest.
 */
export function rateLimitText(limit: number, intervalMs: number): string {
  return `${limit.toLocaleString("en-US")}/${formatInterval(intervalMs)}`;
}

/**
 * Shows each operation's `x-rate-limit` as a Redoc badge (`x-badges`) beside its title, so the
 * limit is visible at a glance and always matches the spec. Changes `doc` in place.
 */
export function addRateLimitBadges(doc: OpenApiDocument): void {
  for (const metadata of Object.values(operationMetadata(doc))) {
    const limit = metadata.rateLimit;
    if (limit === null) continue;
    const operation = operationObject(doc, metadata);
    const badges = Array.isArray(operation["x-badges"]) ? operation["x-badges"] : [];
    operation["x-badges"] = [
      ...badges,
      { name: rateLimitText(limit.limit, limit.intervalMs), position: "after" },
    ];
  }
}
