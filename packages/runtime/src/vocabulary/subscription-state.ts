import { type LookupState, type SubscriptionState, schemaEnums } from "@braze-subscriptions/client";

export type { SubscriptionState };

/**
 * The states a write sets, as the spec's `SubscriptionState` lists them (`subscribed`,
 * `unsubscribed`): a state the spec adds is accepted after a rebuild, with no edit here.
 */
export const subscriptionStates: readonly SubscriptionState[] = schemaEnums.SubscriptionState;

/** A state Braze reported for an identifier, lower-cased (`unknown`: none in this group). */
export type ReadState = Lowercase<LookupState>;

/** Every {@link ReadState}: the spec's `LookupState` values, lower-cased as reads return them. */
export const readStates: readonly ReadState[] = schemaEnums.LookupState.map(
  (state) => state.toLowerCase() as ReadState,
);
