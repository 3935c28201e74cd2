/**
 * A set of positive line numbers as a growable bitset: one bit per line, so the lines of a
 * 10-million-line input cost 1.25 MB whatever the identifiers' lengths.
 */
export class LineSet {
  private bits = new Uint8Array(1024);
  private count = 0;

  /** Adds a line; returns false if it was already there. */
  add(line: number): boolean {
    const byte = line >>> 3;
    if (byte >= this.bits.length) this.growTo(byte + 1);
    const mask = 1 << (line & 7);
    const current = this.bits[byte] as number;
    if (current & mask) return false;
    this.bits[byte] = current | mask;
    this.count += 1;
    return true;
  }

  /** Adds every line of the inclusive range `from..to`. */
  addRange(from: number, to: number): void {
    for (let line = from; line <= to; line += 1) this.add(line);
  }

  /** Whether the line is in the set. */
  has(line: number): boolean {
    const byte = line >>> 3;
    return byte < this.bits.length && ((this.bits[byte] as number) & (1 << (line & 7))) !== 0;
  }

  /** Number of lines in the set. */
  get size(): number {
    return this.count;
  }

  private growTo(minBytes: number): void {
    let length = this.bits.length;
    while (length < minBytes) length *= 2;
    const bigger = new Uint8Array(length);
    bigger.set(this.bits);
    this.bits = bigger;
  }
}

/** Compresses line numbers into sorted inclusive ranges (`[[2, 51], [53, 60]]`). */
export function toRanges(lines: readonly number[]): Array<[number, number]> {
  const sorted = [...lines].sort((a, b) => a - b);
  const ranges: Array<[number, number]> = [];
  for (const line of sorted) {
    const last = ranges[ranges.length - 1];
    if (last && line <= last[1] + 1) last[1] = Math.max(last[1], line);
    else ranges.push([line, line]);
  }
  return ranges;
}
