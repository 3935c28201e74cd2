import { operationMetadata } from "@braze-subscriptions/client";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
import { identifierTypes } from "../vocabulary/identifier-type.js";

/** What a status read needs from the spec: where, on which budget, how many per request. */
export interface ReadRules {
  /** The operation's path (`GET /subscription/status/get`). */
  path: string;
  /** Its `x-rate-limit`: a bucket of its own, apart from the writes'. */
  bucket: string;
  limit: number;
  intervalMs: number;
  /** Most identifiers of each type in one read: the `maxItems` of its query list. */
  caps: Record<IdentifierType, number>;
}

/** The slice of generated operation metadata {@link readRulesOf} reads. */
export interface ReadOperationMetadata {
  path: string;
  rateLimit: { bucket: string; limit: number; intervalMs: number } | null;
  query: {
    listFields: Readonly<Record<string, { maxItems: number | null } | undefined>>;
  } | null;
}

/**
 * The read rules of the status read, from the generated metadata (or the metadata of another
 * spec, e.g. a copy in a test): a change of the spec's cap or budget changes batching and
 * pacing after a rebuild, with no other edit. The query lists are named like the write body's
 * identifier fields (`external_id`, `email`, `phone`).
 */
export function readRulesOf(
  operation: ReadOperationMetadata = operationMetadata.getSubscriptionStatus,
): ReadRules {
  const { rateLimit, query } = operation;
  if (rateLimit === null || query === null) {
    throw new Error(`the spec's status read (${operation.path}) needs x-rate-limit and a query`);
  }
  const caps = {} as Record<IdentifierType, number>;
  for (const type of identifierTypes) {
    const cap = query.listFields[type]?.maxItems;
    if (typeof cap !== "number" || cap < 1) {
      throw new Error(`the spec's status read has no maxItems for its ${type} list`);
    }
    caps[type] = cap;
  }
  return {
    path: operation.path,
    bucket: rateLimit.bucket,
    limit: rateLimit.limit,
    intervalMs: rateLimit.intervalMs,
    caps,
  };
}
