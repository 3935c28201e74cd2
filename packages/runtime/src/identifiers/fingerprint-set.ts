import { fingerprint } from "./fingerprint.js";

const PARTITIONS = 256;
const INITIAL_CAPACITY = 64;
const MAX_LOAD = 0.9;
const GROWTH = 1.12;
/** Load a presized partition starts aiming at: below {@link MAX_LOAD} so the spread between
 * partitions (about ±0.5 % at ten million) does not make one grow right away. */
const PRESIZE_LOAD = 0.85;
/** Bytes per slot: the low 32 bits, then the high 24 (the top 8 are the partition's index). */
const SLOT_BYTES = 7;

/**
 * One open-addressing table with linear probing from a slot chosen by the low half. A member
 * lives in three lanes of one buffer (4-byte lanes first, so every view is aligned); most probes
 * read only `lo`, because a slot is empty when its `lo` is 0.
 */
class Partition {
  /** Low 32 bits of each member; 0 marks an empty slot (a low half of 0 is stored as 1). */
  lo: Uint32Array;
  /** Bits 32–47 of each member. */
  mid: Uint16Array;
  /** Bits 48–55 of each member (56–63 are the partition's index, so they need no storage). */
  top: Uint8Array;
  capacity: number;
  size = 0;

  constructor(capacity: number) {
    const buffer = new ArrayBuffer(capacity * SLOT_BYTES);
    this.lo = new Uint32Array(buffer, 0, capacity);
    this.mid = new Uint16Array(buffer, capacity * 4, capacity);
    this.top = new Uint8Array(buffer, capacity * 6, capacity);
    this.capacity = capacity;
  }

  /** Adds a member given as bits 32–55 (`high`) and 0–31 (`lo`, not 0); false if present. */
  insert(high: number, lo: number): boolean {
    const { lo: los, capacity } = this;
    const mid = high & 0xffff;
    const top = high >>> 16;
    let slot = homeSlot(lo, capacity);
    for (;;) {
      const l = los[slot] as number;
      if (l === 0) {
        los[slot] = lo;
        this.mid[slot] = mid;
        this.top[slot] = top;
        this.size++;
        return true;
      }
      if (l === lo && this.mid[slot] === mid && this.top[slot] === top) return false;
      slot = slot + 1 === capacity ? 0 : slot + 1;
    }
  }

  /** Moves every member into tables 12 % larger. */
  grow(): void {
    const { lo, mid, top, capacity } = this;
    const bigger = new Partition(Math.ceil(capacity * GROWTH));
    // Members are known distinct: each goes to the first empty slot from its home, no compare.
    const to = bigger.lo;
    const last = bigger.capacity - 1;
    for (let from = 0; from < capacity; from++) {
      const l = lo[from] as number;
      if (l === 0) continue;
      let slot = homeSlot(l, bigger.capacity);
      while (to[slot] !== 0) slot = slot === last ? 0 : slot + 1;
      to[slot] = l;
      bigger.mid[slot] = mid[from] as number;
      bigger.top[slot] = top[from] as number;
    }
    this.lo = to;
    this.mid = bigger.mid;
    this.top = bigger.top;
    this.capacity = bigger.capacity;
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
    const hi = this.#scratch[0] as number;
    const lo = (this.#scratch[1] as number) || 1;
    const partition = this.#partitions[hi >>> 24] as Partition;
    if (!partition.insert(hi & 0xffffff, lo)) return false;
    this.#size++;
    if (partition.size > partition.capacity * MAX_LOAD) partition.grow();
    return true;
  }
}

/** Where probing for a low half starts (one formula for adding and growing, or lookups miss). */
function homeSlot(lo: number, capacity: number): number {
  return Math.min(capacity - 1, Math.floor((lo / 4294967296) * capacity));
}
