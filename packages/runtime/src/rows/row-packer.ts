import type { Packer } from "../pipeline/packer.js";
import type { IdentifierType } from "../vocabulary/identifier-type.js";
import type { SubscriptionState } from "../vocabulary/subscription-state.js";

/** A row that passed validation and de-duplication: it must be sent. */
export interface AcceptedRow {
  subscriptionGroupId: string;
  state: SubscriptionState;
  type: IdentifierType;
  id: string;
  /** Position in the input, counting every row. */
  index: number;
  /** The row asked for the double opt-in flow (see `SetStatusRow`). */
  useDoubleOptIn?: boolean;
}

/** A request being filled; `alone` names the one group it may hold, when isolated. */
interface OpenRequest {
  rows: AcceptedRow[];
  types: Set<IdentifierType>;
  alone: string | undefined;
}

/**
 * Packs rows of any groups into requests of at most `cap` identifiers where no two types of
 * an `exclusive` pair meet (never emails with phones). A few requests are open at a time, one
 * per way of mixing; a row goes into the fullest open request it may join, and a request is
 * handed out as soon as it is full. Only the requests still open at the end are partial, so a
 * job needs at most one request per open kind above the minimum.
 *
 * A group `isolated` says Braze refused alone (see `RefusalSplitter`) gets open requests of
 * its own: its rows no longer share a request, so its refusals no longer take other groups'
 * rows down, and cost at most one partial request more per such group.
 */
export class RowPacker implements Packer<AcceptedRow> {
  readonly #cap: number;
  readonly #exclusive: IdentifierType[][];
  readonly #isolated: (subscriptionGroupId: string) => boolean;
  readonly #open: OpenRequest[] = [];

  constructor(
    cap: number,
    exclusive: IdentifierType[][],
    isolated: (subscriptionGroupId: string) => boolean = () => false,
  ) {
    this.#cap = cap;
    this.#exclusive = exclusive;
    this.#isolated = isolated;
  }

  /** Adds a row; returns a full request to send, if this row filled one. */
  add(row: AcceptedRow): AcceptedRow[] | undefined {
    const alone = this.#isolated(row.subscriptionGroupId) ? row.subscriptionGroupId : undefined;
    let target: OpenRequest | undefined;
    for (const open of this.#open) {
      if (open.alone !== alone || !this.#fits(open.types, row.type)) continue;
      if (target === undefined || open.rows.length > target.rows.length) target = open;
    }
    if (target === undefined) {
      target = { rows: [], types: new Set(), alone };
      this.#open.push(target);
    }
    target.rows.push(row);
    target.types.add(row.type);
    if (target.rows.length < this.#cap) return undefined;
    this.#open.splice(this.#open.indexOf(target), 1);
    return target.rows;
  }

  /** The partial requests left, to send at the end. */
  drain(): AcceptedRow[][] {
    return this.#open.splice(0).map((open) => open.rows);
  }

  #fits(types: Set<IdentifierType>, type: IdentifierType): boolean {
    return !this.#exclusive.some(
      (pair) => pair.includes(type) && pair.some((other) => other !== type && types.has(other)),
    );
  }
}
