import { fingerprint } from "./fingerprint.js";

const PARTITIONS = 256;
const INITIAL_CAPACITY = 64;
const MAX_LOAD = 0.9;
const GROWTH = 1.12;

interface Partition {
  /** Interleaved (hi, lo) pairs; (0, 0) marks an empty slot. */
  slots: Uint32Array;
  capacity: number;
  size: number;
}

/**
 * A set of 64-bit fingerprints of `(tag, string)` in typed arrays: about 9–10 bytes per
 * member, so ten million identifiers fit in ~105 MB where a `Set<string>` would need several
 * times that. Split into 256 open-addressing tables that grow by 12% each, so growing never
 * needs twice the memory at once. False "already present" answers have the probability given in
 * {@link fingerprint}; false "absent" answers cannot happen.
 */
export class FingerprintSet {
  readonly #partitions: Partition[] = [];
  readonly #scratch = new Uint32Array(2);
  #size = 0;

  constructor() {
    for (let i = 0; i < PARTITIONS; i++) {
      this.#partitions.push({
        slots: new Uint32Array(INITIAL_CAPACITY * 2),
        capacity: INITIAL_CAPACITY,
        size: 0,
      });
    }
  }

  /** How many distinct members were added. */
  get size(): number {
    return this.#size;
  }

  /** Adds `(tag, text)`; returns false when it was (probably) already present. */
  add(tag: number, text: string): boolean {
    fingerprint(tag, text, this.#scratch);
    let hi = this.#scratch[0] as number;
    const lo = this.#scratch[1] as number;
    if (hi === 0 && lo === 0) hi = 1;
    const partition = this.#partitions[hi >>> 24] as Partition;
    if (!insert(partition, hi, lo)) return false;
    this.#size++;
    if (partition.size > partition.capacity * MAX_LOAD) grow(partition);
    return true;
  }
}

/** Linear probing from a slot chosen by the low half (the high byte already chose the partition). */
function insert(partition: Partition, hi: number, lo: number): boolean {
  const { slots, capacity } = partition;
  let slot = Math.min(capacity - 1, Math.floor((lo / 4294967296) * capacity));
  for (;;) {
    const at = slot * 2;
    const h = slots[at] as number;
    const l = slots[at + 1] as number;
    if (h === 0 && l === 0) {
      slots[at] = hi;
      slots[at + 1] = lo;
      partition.size++;
      return true;
    }
    if (h === hi && l === lo) return false;
    slot = slot + 1 === capacity ? 0 : slot + 1;
  }
}

function grow(partition: Partition): void {
  const old = partition.slots;
  partition.capacity = Math.ceil(partition.capacity * GROWTH);
  partition.slots = new Uint32Array(partition.capacity * 2);
  partition.size = 0;
  for (let at = 0; at < old.length; at += 2) {
    const hi = old[at] as number;
    const lo = old[at + 1] as number;
    if (hi !== 0 || lo !== 0) insert(partition, hi, lo);
  }
}
