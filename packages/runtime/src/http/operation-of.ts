import { operationMetadata } from "@braze-subscriptions/client";

const operations = Object.values(operationMetadata);

/**
 * The spec's `operationId` of a request (`setSubscriptionStatus`), for logs and hooks; the
 * method and path when the spec has no such operation (a caller's own request on `client`).
 * The path is matched at its end, so a base URL with a prefix (a proxy) still matches.
 */
export function operationOf(method: string, url: string): string {
  const path = new URL(url).pathname;
  const verb = method.toUpperCase();
  const found = operations.find((op) => op.method === verb && path.endsWith(op.path));
  return found?.operationId ?? `${verb} ${path}`;
}
