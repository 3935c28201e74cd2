import type { SubscriptionState } from "@braze-subscriptions/client";
import type { IdentifierField } from "../spec/operations.js";
import { type Identifier, type IdentifierKind, identifierKey, kindOf } from "./identifiers.js";

/** One remembered subscription state. */
export interface SubscriptionRecord {
  /** The subscription group. */
  readonly groupId: string;
  /** Which kind of identifier the state was set for. */
  readonly kind: IdentifierKind;
  /** The external id, email address or phone number, exactly as sent. */
  readonly id: string;
  /** The last state written. */
  readonly state: SubscriptionState;
  /** When it was written (ms since the epoch, on the fake's clock). */
  readonly updatedAt: number;
}

/**
 * The fake's subscription state: one entry per group and identifier, the last write wins.
 * External ids, emails and phones are separate keys (the fake has no user profiles that would
 * link them), compared exactly as sent.
 */
export class SubscriptionStore {
  // One flat map keyed by group, field and id: the hot path does one `set` per identifier.
  readonly #entries = new Map<string, SubscriptionRecord>();

  /** The state of one identifier in one group, or `undefined` if it was never set. */
  get(groupId: string, identifier: Identifier): SubscriptionState | undefined {
    const { field, id } = identifierKey(identifier);
    return this.#entries.get(key(groupId, field, id))?.state;
  }

  /** Sets a state by hand, e.g. to seed a test. */
  set(
    groupId: string,
    identifier: Identifier,
    state: SubscriptionState,
    updatedAt = Date.now(),
  ): void {
    const { field, id } = identifierKey(identifier);
    this.write(groupId, field, id, state, updatedAt);
  }

  /** How many (group, identifier) pairs have a state. */
  get size(): number {
    return this.#entries.size;
  }

  /** Every remembered state, optionally of one group only, in first-write order. */
  list(groupId?: string): SubscriptionRecord[] {
    const all = [...this.#entries.values()];
    return groupId === undefined ? all : all.filter((record) => record.groupId === groupId);
  }

  /** Forgets every state. */
  clear(): void {
    this.#entries.clear();
  }

  /** @internal Used by the request handler with fields straight from a validated body. */
  write(
    groupId: string,
    field: IdentifierField,
    id: string,
    state: SubscriptionState,
    updatedAt: number,
  ): void {
    this.#entries.set(key(groupId, field, id), {
      groupId,
      kind: kindOf(field),
      id,
      state,
      updatedAt,
    });
  }
}

// A flat string key is the fastest map key. Two keys could only collide if a group id itself
// contained NUL, a field name and NUL again, which no real group id does.
function key(groupId: string, field: string, id: string): string {
  return `${groupId}\u0000${field}\u0000${id}`;
}
