/**
 * The identifiers a checkpoint says already succeeded, kept only between the moment the input
 * reader hands one to the runtime and the moment its outcome comes back, so memory holds the
 * runtime's read-ahead window rather than every identifier of the file. The runtime asks
 * `alreadySucceeded(type, id)` with the id alone; a miss only means the identifier is sent
 * again, which is harmless (setting a state is idempotent).
 */
export class SkipWindow {
  private readonly counts = new Map<string, number>();

  /** The reader is handing `id` (a checkpointed line) to the runtime. */
  add(id: string): void {
    this.counts.set(id, (this.counts.get(id) ?? 0) + 1);
  }

  /** Whether `id` is a checkpointed identifier on its way through the runtime. */
  has(id: string): boolean {
    return this.counts.has(id);
  }

  /** The outcome of a checkpointed line came back. */
  release(id: string): void {
    const count = this.counts.get(id);
    if (count === undefined) return;
    if (count <= 1) this.counts.delete(id);
    else this.counts.set(id, count - 1);
  }

  /** Entries currently held (for tests of the memory bound). */
  get size(): number {
    return this.counts.size;
  }
}
