import type { Outcome } from "../vocabulary/outcome.js";

/** The latest write of one identifier that has not settled yet. */
interface Tail {
  /** Its state and `useDoubleOptIn`, as one string: writes of one kind may go in any order. */
  kind: string;
  /** The identifier as spelled (the key may fold an email's letter case). */
  spelling: string;
  outcome: Promise<Outcome>;
  /** Resolves once this write and every earlier one of the identifier have settled. */
  settled: Promise<unknown>;
  /** Still waiting for an earlier write, so not yet in a batch. */
  waiting: boolean;
  /** What it waits for, when it waited: the earlier writes' settling. */
  after?: Promise<unknown>;
}

/**
 * Keeps the per-event writes of each identifier in call order. Two batches in flight at once
 * may reach Braze in either order, and a retried one lands after later ones, so a write of
 * another kind than the identifier's unsettled one waits until that one has settled
 * (answered, retries included, or failed for good) before it joins a batch. Only identifiers
 * with unsettled writes are tracked; an identifier with none joins at once, so distinct
 * identifiers never wait.
 */
export class WriteOrder {
  readonly #tails = new Map<string, Tail>();
  /** Writes still waiting; each resolves once it has joined a batch (what `flush()` sends). */
  readonly waiting = new Set<Promise<unknown>>();

  /**
   * Runs `join` (which puts the write in a batch and returns its outcome) now, or once the
   * identifier's earlier writes of another kind have settled.
   *
   * @param id the identifier with its group and type: writes of one `id` keep call order
   * @param kind its state and `useDoubleOptIn`
   * @param spelling the identifier as sent, when `id` folds several spellings into one (an
   *   email address in any letter case): only a repeat of the same spelling shares a slot
   */
  run(id: string, kind: string, join: () => Promise<Outcome>, spelling = id): Promise<Outcome> {
    const before = this.#tails.get(id);
    // A repeat of a write not sent yet shares its slot and its outcome.
    if (before?.kind === kind && before.waiting && before.spelling === spelling) {
      return before.outcome;
    }
    let tail: Tail;
    if (!before || (before.kind === kind && !before.waiting)) {
      // Identical writes may land in any order; a pending batch merges them into one slot.
      const outcome = join();
      const settled = before ? Promise.all([before.settled, outcome]) : outcome;
      tail = { kind, spelling, outcome, settled, waiting: false };
    } else {
      // Another kind: after the earlier writes. Another spelling of a waiting write of this
      // kind: after what that one waits for, so that both join one batch.
      const sameKind = before.kind === kind;
      const after = sameKind && before.after ? before.after : before.settled;
      // Wrapped so that `joined` resolves once the write is in a batch, not once it settled.
      // Settled either way: an earlier write that rejected still lets this one go.
      const go = () => {
        tail.waiting = false;
        return [join()] as const;
      };
      const joined = after.then(go, go);
      this.waiting.add(joined);
      const drop = () => this.waiting.delete(joined);
      void joined.then(drop, drop);
      const outcome = joined.then(([own]) => own);
      const settled = sameKind ? Promise.all([before.settled, outcome]) : outcome;
      tail = { kind, spelling, outcome, settled, waiting: true, after };
    }
    this.#tails.set(id, tail);
    // Both handlers: a rejected write must not be an unhandled rejection here (the caller
    // holds its outcome) nor keep the identifier tracked.
    const forget = () => {
      if (this.#tails.get(id) === tail) this.#tails.delete(id);
    };
    void tail.settled.then(forget, forget);
    return tail.outcome;
  }
}
