import { type OperationId, operationMetadata } from "@braze-subscriptions/client";

/** One operation's generated metadata. */
export type Operation = (typeof operationMetadata)[OperationId];

const operations = Object.values(operationMetadata) as Operation[];

// For a request that matches no operation (a caller of `runtime.client` with a path outside
// the spec): the most any operation allows, or no bound when the spec states none.
const LARGEST_BOUND = operations.reduce<number>(
  (largest, operation) => Math.max(largest, operation.maxResponseBytes ?? 0),
  0,
);

// Longest path first: `/v2/subscription/status/set` also ends with `/subscription/status/set`,
// so the first match must be the most specific one.
const bySpecificity = [...operations].sort((a, b) => b.path.length - a.path.length);

/**
 * The spec's operation a request is for: same method, and the longest operation path the URL
 * path ends with (the base URL may add a prefix, e.g. a proxy's `/braze`).
 */
export function findOperation(method: string, url: string): Operation | undefined {
  const path = new URL(url).pathname;
  const verb = method.toUpperCase();
  return bySpecificity.find((op) => op.method === verb && path.endsWith(op.path));
}

/**
 * The spec's `operationId` of a request (`setSubscriptionStatus`), for logs and hooks; the
 * method and path when the spec has no such operation (a caller's own request on `client`).
 */
export function operationOf(method: string, url: string): string {
  return (
    findOperation(method, url)?.operationId ?? `${method.toUpperCase()} ${new URL(url).pathname}`
  );
}

/** How much of any answer to read: the operation's `x-max-response-bytes`. */
export function maxResponseBytesOf(operation: Operation | undefined): number {
  const bound = operation?.maxResponseBytes ?? LARGEST_BOUND;
  return bound > 0 ? bound : Number.POSITIVE_INFINITY;
}
