import { operationMetadata } from "@braze-subscriptions/client";
import type { IdentifierType } from "../vocabulary/identifier-type.js";

/**
 * Everything the runtime knows about the endpoint, read from the generated metadata so that
 * a change of the spec (a cap, a rate limit) changes behaviour after a rebuild.
 */
export const setStatusOperation = operationMetadata.setSubscriptionStatus;

/** The parts of the write's metadata {@link capOf} reads (a test may pass other caps). */
export interface WriteCaps {
  readonly requestBody: {
    readonly listFields: Readonly<Record<IdentifierType, { readonly maxItems: number }>>;
    readonly extensions: Readonly<Record<string, unknown>>;
  };
}

/**
 * Most identifiers of `type` in one request: the smaller of its list's `maxItems` and the
 * body's `x-max-identifiers`. Braze does not say whether its cap counts per list or in total;
 * one type is sent per request, so both caps bind it, whichever the spec lowers.
 */
export function capOf(type: IdentifierType, operation: WriteCaps = setStatusOperation): number {
  const perList = operation.requestBody.listFields[type].maxItems;
  const declared = operation.requestBody.extensions["x-max-identifiers"];
  return typeof declared === "number" ? Math.min(perList, declared) : perList;
}

/** The component schema that validates one identifier of `type`. */
export function itemSchemaOf(type: IdentifierType) {
  return setStatusOperation.requestBody.listFields[type].itemSchema;
}
