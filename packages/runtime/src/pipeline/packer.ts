import type { IdentifierType } from "../vocabulary/identifier-type.js";

/**
 * The batch step of a job: takes accepted items one by one and hands out requests. What
 * differs between jobs is how items may share a request (one type per request for one group,
 * any groups together for rows, see `RowPacker`).
 */
export interface Packer<Item> {
  /** Adds an item; returns a full request to send, if this item filled one. */
  add(item: Item): Item[] | undefined;
  /** The partial requests left, to send now (at the end of a source, or at the call's limit). */
  drain(): Item[][];
}

/**
 * Packs items of one identifier type per request, each type filled to its own cap. Sources
 * are read one type after the other, so one request is open at a time in practice; only the
 * last request of each type may be partial.
 */
export class TypePacker<Item extends { type: IdentifierType }> implements Packer<Item> {
  readonly #capOf: (type: IdentifierType) => number;
  readonly #open = new Map<IdentifierType, Item[]>();

  constructor(capOf: (type: IdentifierType) => number) {
    this.#capOf = capOf;
  }

  add(item: Item): Item[] | undefined {
    let batch = this.#open.get(item.type);
    if (batch === undefined) {
      batch = [];
      this.#open.set(item.type, batch);
    }
    batch.push(item);
    if (batch.length < this.#capOf(item.type)) return undefined;
    this.#open.delete(item.type);
    return batch;
  }

  drain(): Item[][] {
    const batches = [...this.#open.values()];
    this.#open.clear();
    return batches;
  }
}
