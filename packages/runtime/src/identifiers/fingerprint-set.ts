import { fingerprint } from "./fingerprint.js";

const PARTITIONS = 256;
const INITIAL_CAPACITY = 64;
const MAX_LOAD = 0.9;
const GROWTH = 1.12;
/** Load a presized partition starts aiming at: below {@link MAX_LOAD} so the spread between
 * partitions (about ±0.5 % at ten million) does not make one grow right away. */
const PRESIZE_LOAD = 0.85;
/** Bytes per slot: the low 32 bits, then bits 32–55 (bits 56–63 are the partition's index). */
const SLOT_BYTES = 7;

/**
 * One open-addressing table with linear probing from a slot chosen by the low half. A slot is
 * 7 bytes, read through a DataView: the low 32 bits, then bits 32–55 (bits 56–63 are the
 * partition's index, so they need no storage). One record per slot keeps a probe within one
 * cache line most of the time; a slot is empty when its low half is 0.
 */
class Partition {
  /** The slots; a low half of 0 marks an empty one (a member's low half 0 is stored as 1). */
  slots: DataView;
  capacity: number;
  size = 0;

  constructor(capacity: number) {
    this.slots = new DataView(new ArrayBuffer(capacity * SLOT_BYTES));
    this.capacity = capacity;
  }

  /** Adds a member given as bits 32–55 (`high`) and 0–31 (`lo`, not 0); false if present. */
  insert(high: number, lo: number): boolean {
    const found = this.#probe(high, lo);
    if (found >= 0) return false;
    const at = -found - 1;
    this.slots.setUint32(at, lo, true);
    this.slots.setUint16(at + 4, high & 0xffff, true);
    this.slots.setUint8(at + 6, high >>> 16);
    this.size++;
    return true;
  }

  /** True when the member given as bits 32–55 (`high`) and 0–31 (`lo`, not 0) is present. */
  has(high: number, lo: number): boolean {
    return this.#probe(high, lo) >= 0;
  }

  /**
   * Linear probing from the member's home slot: the byte offset of its slot when present, else
   * `-(offset of the first empty slot) - 1` (where it would go).
   */
  #probe(high: number, lo: number): number {
    const { slots, capacity } = this;
    const end = capacity * SLOT_BYTES;
    const mid = high & 0xffff;
    const top = high >>> 16;
    let at = homeSlot(lo, capacity) * SLOT_BYTES;
    for (;;) {
      const l = slots.getUint32(at, true);
      if (l === 0) return -at - 1;
      if (l === lo && slots.getUint16(at + 4, true) === mid && slots.getUint8(at + 6) === top) {
        return at;
      }
      at += SLOT_BYTES;
      if (at === end) at = 0;
    }
  }

  /** Moves every member into a table 12 % larger. */
  grow(): void {
    const { slots: from, capacity } = this;
    const to = new DataView(new ArrayBuffer(Math.ceil(capacity * GROWTH) * SLOT_BYTES));
    const toCapacity = to.byteLength / SLOT_BYTES;
    const end = to.byteLength;
    // Members are known distinct: each goes to the first empty slot from its home, no compare.
    for (let at = 0; at < capacity * SLOT_BYTES; at += SLOT_BYTES) {
      const lo = from.getUint32(at, true);
      if (lo === 0) continue;
      let dest = homeSlot(lo, toCapacity) * SLOT_BYTES;
      while (to.getUint32(dest, true) !== 0) {
        dest += SLOT_BYTES;
        if (dest === end) dest = 0;
      }
      to.setUint32(dest, lo, true);
      to.setUint16(dest + 4, from.getUint16(at + 4, true), true);
      to.setUint8(dest + 6, from.getUint8(at + 6));
    }
    this.slots = to;
    this.capacity = toCapacity;
  }
}

/**
 * A set of 64-bit fingerprints of `(tag, string)` in typed arrays: 7 bytes per slot (the top
 * byte of a fingerprint picks one of 256 partitions, so a partition stores the other 56 bits),
 * about 8 bytes per member at the usual load, so ten million identifiers fit in ~80 MB where a
 * `Set<string>` would need several times that. Each partition is an open-addressing table that
 * grows by 12 % at 90 % load. Give `expectedSize` when the count is known (the CLI counts the
 * lines of its file first): the tables are then allocated once, because growing tables leave
 * their old arrays to the garbage collector, and the 256 partitions fill at the same rate, so
 * they grow at about the same moment and their old arrays pile up (tens of MB at ten million)
 * until a full collection frees them.
 *
 * False "already present" answers have the probability given in {@link fingerprint} (all 64
 * bits still tell members apart; storing a low half of 0 as 1 adds a 2⁻³² fraction to that);
 * false "absent" answers cannot happen.
 */
export class FingerprintSet {
  readonly #partitions: Partition[] = [];
  readonly #scratch = new Uint32Array(2);
  #size = 0;

  /**
   * @param expectedSize About how many members will be added; the tables are allocated for it
   *   at once (more members still fit: the tables then grow). @default 0 (start small, grow)
   */
  constructor(expectedSize = 0) {
    if (!Number.isFinite(expectedSize) || expectedSize < 0) {
      throw new TypeError(
        `FingerprintSet: expectedSize must be a finite number ≥ 0, got ${String(expectedSize)}`,
      );
    }
    const capacity = Math.max(
      INITIAL_CAPACITY,
      Math.ceil(expectedSize / PARTITIONS / PRESIZE_LOAD),
    );
    for (let i = 0; i < PARTITIONS; i++) this.#partitions.push(new Partition(capacity));
  }

  /** How many distinct members were added. */
  get size(): number {
    return this.#size;
  }

  /** Adds `(tag, text)`; returns false when it was (probably) already present. */
  add(tag: number, text: string): boolean {
    fingerprint(tag, text, this.#scratch);
    return this.#insert(this.#scratch[0] as number, (this.#scratch[1] as number) || 1);
  }

  /**
   * Adds form `variant` of `(tag, text)` unless one of the forms in `excluded` is present.
   * Returns the first excluded form found, `variant` when it was present already, or -1 when
   * it was added. The text is hashed once; form `v` is its fingerprint with the high half
   * mixed by `v` (form 0 is what {@link add} stores), so each excluded form costs one probe.
   * The row classifier keeps what a row asks in one form per intent and spelling kind.
   */
  addUnless(tag: number, text: string, variant: number, excluded: readonly number[]): number {
    fingerprint(tag, text, this.#scratch);
    const hi = this.#scratch[0] as number;
    const lo = (this.#scratch[1] as number) || 1;
    for (const other of excluded) if (this.#has(formOf(hi, other), lo)) return other;
    return this.#insert(formOf(hi, variant), lo) ? -1 : variant;
  }

  #has(hi: number, lo: number): boolean {
    return (this.#partitions[hi >>> 24] as Partition).has(hi & 0xffffff, lo);
  }

  #insert(hi: number, lo: number): boolean {
    const partition = this.#partitions[hi >>> 24] as Partition;
    if (!partition.insert(hi & 0xffffff, lo)) return false;
    this.#size++;
    if (partition.size > partition.capacity * MAX_LOAD) partition.grow();
    return true;
  }
}

/** The high half of form `variant` of a fingerprint (form 0 is the fingerprint itself). */
function formOf(hi: number, variant: number): number {
  return (hi ^ Math.imul(variant, 0x9e3779b1)) >>> 0;
}

/** Where probing for a low half starts (one formula for adding and growing, or lookups miss). */
function homeSlot(lo: number, capacity: number): number {
  return Math.min(capacity - 1, Math.floor((lo / 4294967296) * capacity));
}
