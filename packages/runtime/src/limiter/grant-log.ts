/**
 * When each of the last `capacity` grants of a bucket reached the server, as far as the client
 * can tell: the grant's time until its answer says more (a request queued behind others in
 * the client, or in the server, arrives late; the server counts arrival times). Indexed by
 * ticket, in a ring.
 */
export class GrantLog {
  readonly #times: Float64Array;
  readonly #grantedAt: Float64Array;
  readonly #answered: Uint8Array;
  /** The reset of the window each grant's answer named (0: none yet). */
  readonly #window: Float64Array;
  /** `Remaining` each grant's accepted answer said (NaN: none, or refused). */
  readonly #seen: Float64Array;
  #last = 0;
  /** The oldest ticket this log knows (a grown log does not know those its old ring lost). */
  #first = 1;

  constructor(capacity: number) {
    this.#times = new Float64Array(Math.max(1, capacity));
    this.#grantedAt = new Float64Array(this.#times.length);
    this.#answered = new Uint8Array(this.#times.length);
    this.#window = new Float64Array(this.#times.length);
    this.#seen = new Float64Array(this.#times.length).fill(Number.NaN);
  }

  /** How many grants the ring holds at most. */
  get capacity(): number {
    return this.#times.length;
  }

  /**
   * This log in a ring of `capacity` (larger): the same grants, in flight or not, so none is
   * forgotten when a rule with a higher limit (a longer log) comes to the bucket. The slots
   * of tickets the old ring had already lost hold grants answered long ago: they count in no
   * window.
   */
  grown(capacity: number): GrantLog {
    const log = new GrantLog(capacity);
    log.#times.fill(Number.NEGATIVE_INFINITY);
    log.#grantedAt.fill(Number.NEGATIVE_INFINITY);
    log.#answered.fill(1);
    log.#last = this.#last;
    log.#first = Math.max(1, this.#last - this.size + 1);
    for (let t = log.#first; t <= this.#last; t++) {
      const from = (t - 1) % this.#times.length;
      const to = (t - 1) % log.#times.length;
      log.#times[to] = this.#times[from] as number;
      log.#grantedAt[to] = this.#grantedAt[from] as number;
      log.#answered[to] = this.#answered[from] as number;
      log.#window[to] = this.#window[from] as number;
      log.#seen[to] = this.#seen[from] as number;
    }
    return log;
  }

  /** Grants the ring holds. */
  get size(): number {
    return Math.min(this.#last, this.#times.length);
  }

  /** Records grant `ticket` (the next one) at `time`. */
  record(ticket: number, time: number): void {
    this.#last = ticket;
    const at = (ticket - 1) % this.#times.length;
    this.#times[at] = time;
    this.#grantedAt[at] = time;
    this.#answered[at] = 0;
    this.#window[at] = 0;
    this.#seen[at] = Number.NaN;
  }

  /** When grant `ticket` was made, or undefined once out of the ring. */
  grantedAt(ticket: number): number | undefined {
    if (!this.#holds(ticket)) return;
    return this.#grantedAt[(ticket - 1) % this.#times.length] as number;
  }

  /** Grant `ticket` reached the server no earlier than `time` (ignored once out of the ring). */
  arrivedBy(ticket: number, time: number): void {
    if (!this.#holds(ticket)) return;
    const at = (ticket - 1) % this.#times.length;
    this.#times[at] = Math.max(this.#times[at] as number, time);
    this.#answered[at] = 1;
  }

  /**
   * Grants still unanswered `leaseMs` after they were granted (a process that died holding
   * them: a live one answers or settles each by then) reached the server at their grant plus
   * `leaseMs` at the latest: from now on they count as answered then, without a word.
   */
  expireUnanswered(now: number, leaseMs: number): void {
    for (let i = 0, n = this.size; i < n; i++) {
      const end = (this.#grantedAt[i] as number) + leaseMs;
      if (this.#answered[i] === 0 && end <= now) {
        this.#times[i] = Math.max(this.#times[i] as number, end);
        this.#answered[i] = 1;
      }
    }
  }

  /** Grant `ticket`'s answer named the window that resets at `resetAt` (its first answer). */
  countedIn(ticket: number, resetAt: number): void {
    if (!this.#holds(ticket)) return;
    const at = (ticket - 1) % this.#times.length;
    if (this.#window[at] === 0) this.#window[at] = resetAt;
  }

  /**
   * Grant `ticket`'s accepted answer said `remaining`: the server counted it just before that
   * fell to it, so of two grants counted in one window, the one that saw less came later.
   */
  saw(ticket: number, remaining: number): void {
    if (!this.#holds(ticket)) return;
    this.#seen[(ticket - 1) % this.#times.length] = remaining;
  }

  /**
   * Grants answered after `since` that were counted, or may have been, between two words whose
   * answers said `high` and `low`: those whose own accepted answer said between the two, and
   * those answered without a word (a connection error: counted or not, no one knows).
   * Unanswered grants are not counted. (Taking one of another window for one of these only
   * makes the others' part of the fall look smaller.)
   */
  countAnsweredBetween(since: number, low: number, high: number): number {
    let count = 0;
    for (let i = 0, n = this.size; i < n; i++) {
      if (this.#answered[i] === 0 || (this.#times[i] as number) <= since) continue;
      const seen = this.#seen[i] as number;
      if (this.#window[i] === 0 || (seen > low && seen < high)) count++;
    }
    return count;
  }

  /**
   * Forgets the windows that reset before `resetAt` named by the answers of grants that
   * arrived by `time` at the latest.
   */
  forgetWindowsArrivedBy(time: number, resetAt: number): void {
    for (let i = 0, n = this.size; i < n; i++) {
      const window = this.#window[i] as number;
      if (window > 0 && window < resetAt && (this.#times[i] as number) <= time) {
        this.#window[i] = 0;
      }
    }
  }

  #holds(ticket: number): boolean {
    return (
      ticket >= this.#first && ticket <= this.#last && this.#last - ticket < this.#times.length
    );
  }

  /**
   * Logged grants before `ticket` whose answer has not come: when `ticket`'s answer was
   * written they may not have reached the server yet, so it may not count them.
   */
  unansweredBefore(ticket: number): number {
    const capacity = this.#times.length;
    let count = 0;
    for (let t = Math.max(1, this.#last - capacity + 1); t < ticket; t++) {
      const at = (t - 1) % capacity;
      if (this.#answered[at] === 0) count++;
    }
    return count;
  }

  /** How many logged grants were made or answered after `time`. */
  countSince(time: number): number {
    let count = 0;
    for (let i = 0, n = this.size; i < n; i++) if ((this.#times[i] as number) > time) count++;
    return count;
  }

  /** How many logged grants were made after `time`. */
  countGrantedAfter(time: number): number {
    let count = 0;
    for (let i = 0, n = this.size; i < n; i++) if ((this.#grantedAt[i] as number) > time) count++;
    return count;
  }

  /** How many logged grants made at `time` or later have no answer yet. */
  countUnansweredSince(time: number): number {
    let count = 0;
    for (let i = 0, n = this.size; i < n; i++) {
      if (this.#answered[i] === 0 && (this.#grantedAt[i] as number) >= time) count++;
    }
    return count;
  }

  /** When grant `ticket` reached the server at the latest (+Infinity while unanswered). */
  arrivalOf(ticket: number): number | undefined {
    if (!this.#holds(ticket)) return;
    const at = (ticket - 1) % this.#times.length;
    return this.#answered[at] === 0 ? Number.POSITIVE_INFINITY : (this.#times[at] as number);
  }

  /**
   * How many logged grants reached the server after `time`, or may have (unanswered ones);
   * with `resetAt`, those whose answer named a window that reset before it left out.
   */
  countAfter(time: number, resetAt = 0): number {
    let count = 0;
    for (let i = 0, n = this.size; i < n; i++) {
      if (this.#answered[i] === 0 || (this.#times[i] as number) > time) {
        const window = this.#window[i] as number;
        if (window === 0 || window >= resetAt) count++;
      }
    }
    return count;
  }

  /**
   * How many logged grants may be missing from a word that left at `time` and said `remaining`
   * of the window resetting at `resetAt`: those that reached the server after `time` or may
   * have (unanswered ones), less those whose own accepted answer named that window and said
   * more. The server counted each of those before the word: a fixed window's `Remaining` only
   * falls, and on a sliding one a grant counted after the word that said more came after more
   * requests left the window than arrived, so this leaves out fewer than left (departures no
   * count here credits).
   */
  countMissingFrom(time: number, resetAt: number, remaining: number): number {
    let count = 0;
    for (let i = 0, n = this.size; i < n; i++) {
      if (this.#answered[i] === 0 || (this.#times[i] as number) > time) {
        const countedBefore = this.#window[i] === resetAt && (this.#seen[i] as number) > remaining;
        if (!countedBefore) count++;
      }
    }
    return count;
  }

  /**
   * When fewer than `n` logged grants will be later than `time - windowMs` (the `n`-th latest
   * time plus the window; Infinity while that one is unanswered), or -Infinity when fewer
   * than `n` are logged.
   */
  freeAt(n: number, windowMs: number): number {
    const size = this.size;
    if (n < 1 || n > size) return Number.NEGATIVE_INFINITY;
    const times = this.#times.slice(0, size);
    for (let i = 0; i < size; i++) if (this.#answered[i] === 0) times[i] = Number.POSITIVE_INFINITY;
    return (times.sort()[size - n] as number) + windowMs;
  }
}
