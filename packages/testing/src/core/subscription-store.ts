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

/** A write not yet superseded for reads: its state, and when reads start to see it. */
interface PendingWrite {
  readonly state: SubscriptionState;
  readonly visibleAt: number;
}

type Entry = { -readonly [K in keyof SubscriptionRecord]: SubscriptionRecord[K] } & {
  /** When reads start seeing `state`, the last write (ms, fake's clock). */
  visibleAt: number;
  /**
   * Earlier writes reads may still see until `visibleAt`, oldest first, each visible before
   * the next; `undefined` when there are none (always, without an apply delay).
   */
  earlier: PendingWrite[] | undefined;
};

/**
 * The fake's subscription state: one entry per group and identifier, the last write wins.
 * External ids, emails and phones are separate keys (the fake has no user profiles that would
 * link them), compared exactly as sent.
 *
 * Braze applies writes asynchronously, so a write may become visible to reads later
 * (`applyDelayMs`): until then `read` returns the state from before it. `get` and `list`
 * always return the last state written.
 */
export class SubscriptionStore {
  /** How long after a write reads start to see it, in ms. */
  applyDelayMs = 0;
  /**
   * The clock of `set`'s default `updatedAt` (ms since the epoch): the fake sets its own (the
   * `now` option), so a state seeded by hand is visible to the fake's reads at once.
   */
  now: () => number = Date.now;
  // group → field → id → entry. Nested maps hash the strings as they came out of JSON.parse
  // (no key concatenation), and an update mutates its entry: the hot path allocates nothing
  // for a known identifier.
  readonly #groups = new Map<string, Map<IdentifierField, Map<string, Entry>>>();
  #size = 0;

  /** The state of one identifier in one group, or `undefined` if it was never set. */
  get(groupId: string, identifier: Identifier): SubscriptionState | undefined {
    const { field, id } = identifierKey(identifier);
    return this.#groups.get(groupId)?.get(field)?.get(id)?.state;
  }

  /**
   * The state a read at `now` sees: the last write visible by then, or `undefined` (Braze's
   * `Unknown`) when none is.
   */
  read(
    groupId: string,
    field: IdentifierField,
    id: string,
    now: number,
  ): SubscriptionState | undefined {
    const entry = this.#groups.get(groupId)?.get(field)?.get(id);
    if (entry === undefined) return undefined;
    if (now >= entry.visibleAt) return entry.state;
    // The last earlier write visible by now: a write shows once its delay has passed, even if
    // a later one is still pending.
    const earlier = entry.earlier ?? [];
    for (let i = earlier.length - 1; i >= 0; i--) {
      const write = earlier[i] as PendingWrite;
      if (now >= write.visibleAt) return write.state;
    }
    return undefined;
  }

  /** Every group in which a read at `now` sees a state for this identifier, with that state. */
  readGroups(
    field: IdentifierField,
    id: string,
    now: number,
  ): Array<{ groupId: string; state: SubscriptionState }> {
    const found: Array<{ groupId: string; state: SubscriptionState }> = [];
    for (const groupId of this.#groups.keys()) {
      const state = this.read(groupId, field, id, now);
      if (state !== undefined) found.push({ groupId, state });
    }
    return found;
  }

  /** Sets a state by hand, e.g. to seed a test (visible to reads at once). */
  set(
    groupId: string,
    identifier: Identifier,
    state: SubscriptionState,
    updatedAt = this.now(),
  ): void {
    const { field, id } = identifierKey(identifier);
    this.write(groupId, field, [id], state, updatedAt, 0);
  }

  /** How many (group, identifier) pairs have a state. */
  get size(): number {
    return this.#size;
  }

  /** Copies of the remembered states, optionally of one group only; group by group, in first-write order. */
  list(groupId?: string): SubscriptionRecord[] {
    const groups = groupId === undefined ? [...this.#groups.values()] : [this.#groups.get(groupId)];
    const out: SubscriptionRecord[] = [];
    for (const byField of groups) {
      for (const byId of byField?.values() ?? [])
        for (const { groupId, kind, id, state, updatedAt } of byId.values())
          out.push({ groupId, kind, id, state, updatedAt });
    }
    return out;
  }

  /** Forgets every state. */
  clear(): void {
    this.#groups.clear();
    this.#size = 0;
  }

  /** @internal Used by the request handler with fields straight from a validated body. */
  write(
    groupId: string,
    field: IdentifierField,
    ids: readonly string[],
    state: SubscriptionState,
    updatedAt: number,
    applyDelayMs = this.applyDelayMs,
  ): void {
    const visibleAt = updatedAt + applyDelayMs;
    let byField = this.#groups.get(groupId);
    if (byField === undefined) {
      byField = new Map();
      this.#groups.set(groupId, byField);
    }
    let byId = byField.get(field);
    if (byId === undefined) {
      byId = new Map();
      byField.set(field, byId);
    }
    for (const id of ids) {
      const entry = byId.get(id);
      if (entry !== undefined) {
        entry.earlier = stillShown(entry, updatedAt, visibleAt);
        entry.state = state;
        entry.updatedAt = updatedAt;
        entry.visibleAt = visibleAt;
      } else {
        const kind = kindOf(field);
        byId.set(id, { groupId, kind, id, state, updatedAt, visibleAt, earlier: undefined });
        this.#size++;
      }
    }
  }
}

/**
 * The writes of `entry` (its earlier ones and its last) that reads may still see once a new
 * write, made at `updatedAt`, shows at `visibleAt`. A write is dropped when a later one shows
 * no later than it does, or when a later one is already showing at `updatedAt` (the fake's
 * clock does not go back): what is left shows one after the other. Without an apply delay the
 * new write shows at once and nothing is kept, so the hot path allocates nothing.
 */
function stillShown(
  entry: Entry,
  updatedAt: number,
  visibleAt: number,
): PendingWrite[] | undefined {
  if (visibleAt <= updatedAt) return undefined;
  const kept = (entry.earlier ?? []).filter((write) => write.visibleAt < visibleAt);
  if (entry.visibleAt < visibleAt) kept.push({ state: entry.state, visibleAt: entry.visibleAt });
  // Of the writes already showing at `updatedAt`, only the last one can still be read.
  let showing = 0;
  while (showing + 1 < kept.length && (kept[showing + 1] as PendingWrite).visibleAt <= updatedAt)
    showing++;
  return kept.slice(showing);
}
