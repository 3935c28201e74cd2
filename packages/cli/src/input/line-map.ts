/**
 * Maps the 0-based index of an identifier (as the runtime numbers its outcomes) back to the
 * line of the input it came from, in memory proportional to the number of places where the
 * two stop moving together (blank lines, a header, multi-line CSV rows), not to the number of
 * identifiers: a 10-million-line file with a header needs one entry.
 */
export class LineMap {
  // Breakpoints: from index `starts[k]` on, line = index + offsets[k].
  private starts = new Float64Array(16);
  private offsets = new Float64Array(16);
  private size = 0;
  private next = 0;

  /** Records the line of the next identifier; indices are assigned in order from 0. */
  push(line: number): number {
    const index = this.next++;
    const offset = line - index;
    if (this.size === 0 || this.offsets[this.size - 1] !== offset)
      this.addBreakpoint(index, offset);
    return index;
  }

  /** The line of identifier `index`, or `undefined` if it was never pushed. */
  lineOf(index: number): number | undefined {
    if (index < 0 || index >= this.next || this.size === 0) return undefined;
    let low = 0;
    let high = this.size - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.starts[mid] as number) <= index) low = mid;
      else high = mid - 1;
    }
    return index + (this.offsets[low] as number);
  }

  /** How many identifiers were pushed. */
  get count(): number {
    return this.next;
  }

  private addBreakpoint(index: number, offset: number): void {
    if (this.size === this.starts.length) {
      this.starts = grow(this.starts);
      this.offsets = grow(this.offsets);
    }
    this.starts[this.size] = index;
    this.offsets[this.size] = offset;
    this.size += 1;
  }
}

function grow(array: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}
