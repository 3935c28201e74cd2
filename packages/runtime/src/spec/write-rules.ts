import { operationMetadata } from "@braze-subscriptions/client";
import type { IdentifierType } from "../vocabulary/identifier-type.js";

/**
 * Everything the runtime knows about the endpoint, read from the generated metadata so that
 * a change of the spec (a cap, a rate limit) changes behaviour after a rebuild.
 */
export const setStatusOperation = operationMetadata.setSubscriptionStatus;

/** Most identifiers in one request: the smallest `maxItems` of the list fields, since the spec
 * cannot say whether the cap counts per array or in total and one type is sent per request. */
export function capOf(type: IdentifierType): number {
  return setStatusOperation.requestBody.listFields[type].maxItems;
}

/** The component schema that validates one identifier of `type`. */
export function itemSchemaOf(type: IdentifierType) {
  return setStatusOperation.requestBody.listFields[type].itemSchema;
}
