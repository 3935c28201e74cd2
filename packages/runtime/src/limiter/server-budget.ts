import type { GrantLog } from "./grant-log.js";
import type { BudgetObservation, LimiterGrant, RateLimitRule } from "./limiter-store.js";

/**
 * What a store keeps per bucket besides its {@link GrantLog}: the latest word of the server
 * and what it says about other consumers. Times are epoch ms on the store's clock.
 */
export interface BudgetState {
  /** Grants so far (the last ticket handed out). */
  seq: number;
  /** No grant before this (a 429 without a usable reset). */
  pausedUntil: number;
  /**
   * The newest word of the server (by the ticket it answered: 0, none yet): when that request
   * left, its ticket, and `Remaining` (counted at its arrival, between leaving and the answer).
   */
  obsAt: number;
  obsSeq: number;
  obsRemaining: number;
  obsResetAt: number;
  /** Reference word for measuring other consumers: its ticket, `Remaining`, time, reset. */
  refSeq: number;
  refRemaining: number;
  refAt: number;
  refResetAt: number;
  /** Whether others' draw was already reserved when the reference word came. */
  refReserved: boolean;
  /** Others' requests counted in the reference's window before it (a floor). */
  refOthers: number;
  /**
   * The reference's window followed word by word, each counted once every grant made before
   * its answer was answered (so `Remaining` tells which of them it counted before it): the
   * last such word's `Remaining`, departure and answer, and others' requests counted between
   * the reference and it (a floor, exact without connection errors).
   */
  chainRemaining: number;
  chainAt: number;
  chainHeardAt: number;
  chainOthers: number;
  /**
   * The word waiting to join that chain (its ticket; 0: none): its `Remaining`, departure,
   * answer, and the grants made by then.
   */
  pendingTicket: number;
  pendingRemaining: number;
  pendingAt: number;
  pendingAnsweredAt: number;
  pendingSeq: number;
  /** Others' requests the newest word's window counted by its arrival (a floor), and that reset. */
  drawn: number;
  drawnResetAt: number;
  /** The newest window (by its reset) and this group's requests it accepted, by their answers. */
  winResetAt: number;
  winAccepted: number;
  /** Estimated draw of other consumers, requests per ms (0: none seen). */
  foreignPerMs: number;
  /** Until then, others are known to draw on this window (a 429, or an unexplained drop). */
  foreignUntil: number;
  /** When the probe after a window ran out left (outstanding until a word comes after it). */
  probeAt: number;
  /** The server's latest `X-RateLimit-Limit` (0: none yet); caps the rule's limit. */
  serverLimit: number;
  /** The late word: the reset of the window it was sent in, and its ticket (0: none yet). */
  lateResetAt: number;
  lateSeq: number;
  /** The last late word's round trip, a lone request's (-1: none answered yet). */
  lateRoundTrip: number;
  /** The fastest round trip seen, from a grant to its answer's word (-1: none yet). */
  fastestRoundTrip: number;
  /** When this group heard its first answer (0: not yet): the start-up ended. */
  firstAnswerAt: number;
  /**
   * The fastest round trip of a request granted after the first answer (-1: none yet): no
   * cold start in it (new connections, a first burst sent blind); the log's allowance.
   */
  warmRoundTrip: number;
  /** The reset of the first window the server told of (0: none yet): the log waits it out. */
  firstResetAt: number;
  /** How far the server's clock is behind this store's, at least (ms): see `learnServerLag`. */
  serverLag: number;
  /** When that lag was last shown (0: never); forgotten {@link LAG_MEMORY_WINDOWS} later. */
  serverLagAt: number;
  /**
   * The first window's tally (see `tallyFirstWindow`): the server's own `Reset` of the
   * bucket's first window (0: none yet; -1: tallied, or nothing to tell), this group's answers
   * accepted in it, the highest and lowest `Remaining` they said, and the first ticket granted
   * after an answer about a later window came (0: none came yet).
   */
  tallyReset: number;
  tallyAccepted: number;
  tallyHighest: number;
  tallyLowest: number;
  tallyEnd: number;
}

/** A fresh {@link BudgetState}. */
export function newBudgetState(): BudgetState {
  return {
    seq: 0,
    pausedUntil: 0,
    obsAt: 0,
    obsSeq: 0,
    obsRemaining: 0,
    obsResetAt: 0,
    refSeq: 0,
    refRemaining: 0,
    refAt: 0,
    refResetAt: 0,
    refReserved: false,
    refOthers: 0,
    chainRemaining: 0,
    chainAt: 0,
    chainHeardAt: 0,
    chainOthers: 0,
    pendingTicket: 0,
    pendingRemaining: 0,
    pendingAt: 0,
    pendingAnsweredAt: 0,
    pendingSeq: 0,
    drawn: 0,
    drawnResetAt: 0,
    winResetAt: 0,
    winAccepted: 0,
    foreignPerMs: 0,
    foreignUntil: 0,
    probeAt: 0,
    serverLimit: 0,
    lateResetAt: 0,
    lateSeq: 0,
    lateRoundTrip: -1,
    fastestRoundTrip: -1,
    firstAnswerAt: 0,
    warmRoundTrip: -1,
    firstResetAt: 0,
    serverLag: 0,
    serverLagAt: 0,
    tallyReset: 0,
    tallyAccepted: 0,
    tallyHighest: 0,
    tallyLowest: 0,
    tallyEnd: 0,
  };
}

/**
 * Requests of others, beyond this process group's own, that count as evidence of them: at
 * least 2, and 2 % of the limit (answers come back slightly out of order).
 */
const FOREIGN_EVIDENCE = 2;
const FOREIGN_EVIDENCE_SHARE = 0.02;
/**
 * Windows after the last evidence of others (an unexplained fall of `Remaining`, a 429) for
 * which their measured draw is still reserved. Once the job leaves them their share, it sees
 * no more of them; and a 429 storm of the server's own looks like them: a draw kept for good
 * could leave a job a tenth of the budget forever.
 */
const FOREIGN_MEMORY_WINDOWS = 2;
/** Most of the limit ever left to others: this bucket always keeps a tenth. */
const FOREIGN_MOST = 0.9;
/** Shortest span (share of the interval) over which others' rate is measured. */
const MIN_RATE_SPAN = 0.1;
/**
 * Left to others beyond their measured draw: a twentieth more (at least 2 requests), so the
 * late word can tell "they used what they need" (some left) from "they used all they were
 * left" (none left), and small enough that the job keeps over 0.9 of what they leave.
 */
const FOREIGN_MARGIN = 0.05;
const FOREIGN_MARGIN_MIN = 2;
/** When a late word finds the window spent by others, their estimate grows by this factor. */
const FOREIGN_GROWTH = 2;
/**
 * Windows after it was last shown for which a server clock's lag is kept. Clocks move (NTP
 * steps, a failover, nodes behind a load balancer): a lag kept for good would read every
 * reset late, and measure others over too short a span, long after the server caught up.
 */
const LAG_MEMORY_WINDOWS = 10;
/**
 * The late word leaves this share of the interval before the reset (or two round trips, if
 * longer: its answer must come before the reset); none when that is over half the interval.
 */
const LATE_WORD_LEAD = 0.1;
/**
 * Share of the fastest round trip seen that a grant is taken to have spent on the network
 * after the server counted it (on the way back) or before the next grant is counted (on the
 * way there): the log forgets an answered grant that much before its answer plus the window.
 * A half holds while each way takes at least a quarter of the fastest round trip, and the
 * headroom absorbs what the server spends before answering. All of it was tried (once a lone
 * request was answered, with the headroom as the only tolerance): long jobs on a 1 s window at
 * 150 ms ran at 0.98 of the limit instead of 0.91, but on a loaded CI machine a sliding window
 * at 150 ms met 3 429s and a `share` cap was passed by one.
 */
const NETWORK_SHARE_OF_ROUND_TRIP = 0.5;

/**
 * Grants one request now, or says how long to wait. A request is granted when:
 *
 * 1. the server's newest word allows it: `Remaining`, minus every other grant answered after
 *    the word's request left or not answered yet (it may have arrived after it; in the
 *    bucket's first window, alone, once all made before the word came are answered, not those
 *    whose own answer about it said more: see `missingFromWord`), minus what other consumers
 *    are expected to take from then until the window resets (and a margin), is at least 1; or
 * 1b. it is the window's late word: others were seen and rule 1 holds this group back, the
 *    word said something remained, and the window is about to reset (see `lateWordAt`): one
 *    request per window whose answer tells what others drew over nearly all of it; or
 * 2. no other consumer has been seen and the client's own sliding log allows it: fewer than
 *    `limit` grants in the last `intervalMs × (1 + headroom)` (the spec's rule, the only one
 *    without headers); or
 * 3. the server's window has reset since its latest word, and no grant made since that word
 *    came (within a window) took the one request a reset frees at least: one probe, whose
 *    answer tells what the new window holds.
 *
 * Rules 1 and 2 hold while the window's scout is out (see `scoutAwaited`): its first words
 * came from a burst sent blind, which tells nothing of others after the window's start.
 *
 * `limit` is the rule's, or the server's `X-RateLimit-Limit` when lower. With `share < 1`, or a
 * rule told as a `ceiling` while the server's limit is higher, the log also caps this bucket's
 * users at `share × limit` per window. With `rule.leaseMs`, a grant still unanswered that long
 * after it was made counts as answered then (its process died holding it).
 */
export function budgetTake(
  state: BudgetState,
  log: GrantLog,
  rule: RateLimitRule,
  now: number,
): LimiterGrant {
  // A grant unanswered past its lease was left by a process that died holding it.
  if (rule.leaseMs !== undefined && rule.leaseMs > 0) log.expireUnanswered(now, rule.leaseMs);
  if (now < state.pausedUntil) return wait(state.pausedUntil - now);
  const windowMs = rule.intervalMs * (1 + (rule.headroom ?? 0));
  const logWindowMs = windowMs - networkAllowance(state, rule);
  // The server's own count wins over a rule told too high (a contract with a lower limit).
  const limit = state.serverLimit > 0 ? Math.min(rule.limit, state.serverLimit) : rule.limit;
  const share = rule.share ?? 1;
  // A rule told as a ceiling holds when the server says it allows more (a caller that asked
  // for less than the workspace's budget leaves the rest to other services), and always when
  // its window is longer than the server's: each server window then allows more than it.
  const longCeiling = ceilingOverLongerWindow(rule);
  const capped =
    share < 1 || longCeiling || (rule.ceiling === true && state.serverLimit > rule.limit);
  // This bucket's users take at most `share × limit` per window, in whole requests (the rule's
  // limit over a longer window: the server's counts another window).
  const cap = capped ? Math.max(1, Math.floor((longCeiling ? rule.limit : limit) * share)) : limit;
  // Below `limit` grants logged, none can be over it (and huge limits never scan the log).
  const recent = log.size < limit ? 0 : log.countAfter(now - logWindowMs);
  // The share (and a ceiling) is a promise to the user: a grant counts against it until its
  // answer plus the window, with no allowance for the way back (arrival comes before the
  // answer, so no window of arrivals holds more, however the round trip splits). With it, a
  // loaded machine whose round trip was queueing before the count put 13 writes in a second
  // capped at 12.
  const held = capped && log.size >= cap ? log.countAfter(now - windowMs) : 0;
  if (held >= cap) {
    return wait(Math.min(log.freeAt(cap, windowMs), now + windowMs) - now);
  }
  const foreignPerMs = othersRemembered(state, rule, now) ? state.foreignPerMs : 0;
  const known = state.obsResetAt > 0;
  const current = known && now < state.obsResetAt;
  // After the late word, the window's rest is others' margin: and with nothing of this group
  // in flight at the reset, the next window's first word is exact. No rule grants then: its
  // answer may clear others' estimate (they drew before the window's first word), and the
  // log alone (rule 2) would send past what the server said was left.
  const lateSent = current && state.lateResetAt === state.obsResetAt;
  const othersSeen = foreignPerMs > 0 || now < state.foreignUntil;
  const scoutOut = !othersSeen && current && scoutAwaited(state, log, now);
  if (current && !lateSent && !scoutOut) {
    // Others draw from the word until the reset, whether or not a later response tells; what
    // they drew of this window already, they do not draw again.
    // (A state saved by an older version has no count: none.)
    const drawn = state.drawnResetAt === state.obsResetAt ? state.drawn || 0 : 0;
    const reserve = othersReserve(foreignPerMs, state.obsResetAt - state.obsAt, limit, rule, drawn);
    const firstWindow = state.obsResetAt === state.firstResetAt;
    const aloneInFirst = firstWindow && !othersSeen && drawn < othersEvidence(limit);
    const unanswered = missingFromWord(state, log, aloneInFirst);
    if (state.obsRemaining - unanswered - reserve >= 1) return grant(state, log, now);
  }
  // Held back by the reserve for others: one late word per window measures what they draw.
  const late = current && foreignPerMs > 0 ? lateWordAt(state, log, rule) : undefined;
  if (late !== undefined && now >= late) {
    state.lateResetAt = state.obsResetAt;
    state.lateSeq = state.seq + 1;
    return grant(state, log, now);
  }
  // The log paces what the words cannot (a sliding window frees this group's old requests
  // before the word's reset), but nothing of this group has left the first window yet: there
  // the words say all, and the log granting past them sent a job's first burst into what an
  // unknown other consumer drew meanwhile (its draw hidden by the requests in flight).
  const logRules =
    !othersSeen && !lateSent && !scoutOut && !(current && state.obsResetAt === state.firstResetAt);
  if (logRules && recent < limit) return grant(state, log, now);
  // At the reset the budget grows by one request at least (a sliding window frees its oldest,
  // a fixed one all): the probe takes that one, unless grants made since the word's request
  // left took it already (the log reuses what a sliding window frees: two would be one too
  // many; and a grant made while the word was on its way may be missing from it). Grants
  // older than a window cannot take it (nor stall the probe for good).
  const probing = state.probeAt > state.obsAt && now - state.probeAt < rule.intervalMs;
  const taken = log.countGrantedAfter(Math.max(state.obsAt, now - windowMs));
  if (known && !current && !probing && state.obsRemaining - taken >= 0) {
    state.probeAt = now;
    return grant(state, log, now);
  }
  // An unanswered grant frees nothing until its answer, which wakes the line anyway.
  let next = now + rule.intervalMs;
  if (current) next = Math.min(next, state.obsResetAt);
  if (late !== undefined) next = Math.min(next, late);
  if (probing) next = Math.min(next, state.probeAt + rule.intervalMs);
  if (logRules) next = Math.min(next, log.freeAt(limit, logWindowMs));
  // The scout's answer wakes its own process only: others sharing the store ask again after
  // a round trip rather than at the reset.
  if (scoutOut) next = Math.min(next, now + Math.max(1, state.fastestRoundTrip));
  return wait(next - now);
}

/**
 * The server's clock is behind this store's by more than how long after the reset its answer
 * names a request left: counted in that window, it arrived before the reset on the server's
 * clock (a `Reset` rounded up to the second only makes the proof smaller). Read on this clock,
 * such a reset is early, and the job sent into a window the server had not opened yet (50 ms
 * behind, 1 s windows, latency 0: 42 429s in a 20-window job without the lag, 5 with it). The
 * largest lag shown is kept, and forgotten when nothing has shown it for a while; more than
 * half the interval is not a clock (a server answering about a window it closed), and is left
 * alone.
 */
function learnServerLag(
  state: BudgetState,
  rule: RateLimitRule,
  resetAt: number,
  sentAt: number,
  now: number,
): void {
  // Strictly more: a request that left at the reset itself, counted before it, shows 1 ms.
  const shown = Math.floor(sentAt - resetAt) + 1;
  if (shown > 0 && shown <= rule.intervalMs / 2 && shown >= serverLag(state, rule, now)) {
    state.serverLag = shown;
    state.serverLagAt = now;
  }
}

/** The server clock's lag now: 0 once nothing has shown it for {@link LAG_MEMORY_WINDOWS}. */
function serverLag(state: BudgetState, rule: RateLimitRule, now: number): number {
  // (A state saved by an older version has neither: no lag.)
  const kept = now - state.serverLagAt < LAG_MEMORY_WINDOWS * rule.intervalMs;
  return kept ? state.serverLag || 0 : 0;
}

/**
 * Takes in what a response said. The latest word replaces older ones, less every grant then
 * unanswered (queued somewhere, it may not be counted yet: on a busy machine for longer than
 * the interval); words about a window that has already reset are dropped. A fall of
 * `Remaining` since the window's first word beyond what this group's grants explain is other
 * consumers' draw: their rate is measured over at least a tenth of the interval and reserved
 * for them until each window resets. When the late word finds the window spent, they wanted
 * more than they got (refused requests never show in `Remaining`): the estimate doubles.
 */
export function budgetObserve(
  state: BudgetState,
  log: GrantLog,
  rule: RateLimitRule,
  observation: BudgetObservation,
  now: number,
): void {
  const { ticket, remaining, refused } = observation;
  const sentAt = log.grantedAt(ticket);
  if (sentAt === undefined || ticket > state.seq) return;
  // The server counted the request before answering: by now at the latest.
  log.arrivedBy(ticket, now);
  if (observation.settled !== true) {
    const roundTrip = now - sentAt;
    if (state.fastestRoundTrip < 0 || roundTrip < state.fastestRoundTrip) {
      state.fastestRoundTrip = roundTrip;
    }
    // (A state saved by an older version has neither: the start-up ends at this answer.)
    if (!(state.firstAnswerAt > 0)) state.firstAnswerAt = now;
    else if (sentAt > state.firstAnswerAt) {
      if (!(state.warmRoundTrip >= 0) || roundTrip < state.warmRoundTrip) {
        state.warmRoundTrip = roundTrip;
      }
    }
    // Even when it came after the reset: the next late word then leaves early enough.
    if (ticket === state.lateSeq) state.lateRoundTrip = roundTrip;
  }
  if (observation.limit !== undefined) state.serverLimit = observation.limit;
  tallyFirstWindow(state, log, rule, observation, now);
  if (remaining === undefined) {
    // An answer without a word (or no answer at all) to a request sent after the latest word:
    // the server stopped telling, so its word and what it said of others cannot be kept up to
    // date; the spec's rule (the log) takes over until it speaks again.
    if (observation.settled !== true && sentAt >= state.obsAt) forgetWords(state);
    return;
  }
  // Past its memory, others' estimate is no floor for new evidence either: 90 a second learned
  // by a job a week ago came back whole with a new job's first sight of 8 a second.
  if (!othersRemembered(state, rule, now)) state.foreignPerMs = 0;
  const limit = observation.limit ?? rule.limit;
  if (observation.resetAtMs !== undefined) {
    learnServerLag(state, rule, observation.resetAtMs, sentAt, now);
  }
  const serverResetAt = observation.resetAtMs ?? now + rule.intervalMs;
  // On this store's clock: the server's reset comes that much later here.
  const resetAt = Math.min(serverResetAt + serverLag(state, rule, now), now + rule.intervalMs);
  // Counted in the window that resets then: no later window's words count it.
  log.countedIn(ticket, resetAt);
  if (resetAt <= now) {
    // About a window that is over: its word is no use, but a refusal still shows others.
    if (refused) othersFromLateRefusal(state, rule, limit, resetAt);
    // Sent at or after that window's reset, yet counted in it: the server had not turned it.
    // Its word is the newest (this request took nothing of the next window), so the reset's
    // probe goes again; it waits as long again as the server has kept the window open since.
    // Dropped, it counted as the reset's probe, and the job sat out a whole window. Unless a
    // word about a later window came first: the server has turned it since.
    const turned = state.obsResetAt > resetAt;
    if (sentAt >= serverResetAt && ticket > state.obsSeq && !turned) {
      const asLong = Math.min(now - serverResetAt, rule.intervalMs);
      state.pausedUntil = Math.max(state.pausedUntil, now + asLong);
      state.obsAt = sentAt;
      state.obsSeq = ticket;
      state.obsRemaining = refused ? 0 : remaining;
    }
    return;
  }
  const word = {
    at: sentAt,
    ticket,
    raw: remaining,
    seq: state.seq,
    // A grant whose answer never comes (a connection error) counts until the log forgets it.
    remaining: remaining - log.unansweredBefore(state.seq + 1),
    refused,
    limit,
    resetAt,
  };
  if (resetAt > state.winResetAt) {
    state.winResetAt = resetAt;
    state.winAccepted = 0;
  }
  if (resetAt === state.winResetAt && !refused) state.winAccepted++;
  if (!refused) log.saw(ticket, remaining);
  const measuredDrawn = measureOthers(state, log, rule, word, now);
  const followedDrawn = followCountedWords(state, log, rule, word, now);
  // An older request's word (a slow process, a late answer) never replaces a newer one about
  // the same window: grants answered in between would be counted twice as free.
  if (ticket < state.obsSeq && now < state.obsResetAt) return;
  const drawn = Math.max(measuredDrawn, followedDrawn);
  state.obsAt = sentAt;
  state.obsSeq = ticket;
  state.obsRemaining = remaining;
  state.obsResetAt = resetAt;
  // With the word it was counted from: another word's count may be newer than this Remaining.
  state.drawn = drawn;
  state.drawnResetAt = resetAt;
  if (state.firstResetAt === 0) state.firstResetAt = resetAt;
}

/**
 * Counts the bucket's first window whole, once it is over. A job's first burst is sent blind
 * and often straddles the window's turn: a word that measures others word by word (the
 * chain) waits for every earlier grant's answer, and the next window's first word drops it.
 * Others missed there stay unseen: the job then spends each window as it opens, a consumer
 * spread over the window gets a request in at most, and its refusals never show in
 * `Remaining` (a CI run under load: 22 of its requests refused in three windows).
 *
 * A request counted in the first window was granted before the server turned it, so before
 * the first answer about a later window came: once every grant made by then is answered, the
 * window's answers tell all of this group's requests it counted. Between the first of them
 * (the highest `Remaining`) and the last (the lowest), what fell beyond this group's own was
 * others' (a floor: what they drew before and after is not in it; what a previous run of this
 * job left in the window is not taken for them either). Windows are told apart by the
 * server's own `Reset`, not this store's reading of it (capped when the server's clock is
 * ahead, that differs by answer). The first window only: on a sliding window this group's
 * older requests still count in later ones, under another `Reset`. An answer without a word
 * may have been counted in it, unseen, and an answer that never comes keeps it open: nothing
 * to tell then (given up a window after its reset).
 */
function tallyFirstWindow(
  state: BudgetState,
  log: GrantLog,
  rule: RateLimitRule,
  observation: BudgetObservation,
  now: number,
): void {
  const { remaining, resetAtMs, refused } = observation;
  const limit = observation.limit ?? rule.limit;
  // (A state saved by an older version has no tally: a bucket that heard a word starts none.)
  const tally = state.tallyReset || 0;
  if (tally === 0 && !(state.firstResetAt > 0)) {
    state.tallyReset = resetAtMs ?? -1;
    state.tallyAccepted = 0;
    state.tallyHighest = 0;
    state.tallyLowest = limit;
    state.tallyEnd = 0;
  } else if (tally <= 0) {
    return;
  }
  if (remaining === undefined || resetAtMs === undefined || observation.settled === true) {
    state.tallyReset = -1;
    return;
  }
  if (resetAtMs === state.tallyReset && !refused) {
    state.tallyAccepted++;
    state.tallyHighest = Math.max(state.tallyHighest, remaining);
    state.tallyLowest = Math.min(state.tallyLowest, remaining);
  } else if (resetAtMs > state.tallyReset && state.tallyEnd === 0) {
    state.tallyEnd = state.seq + 1;
  }
  if (state.tallyEnd === 0 || log.unansweredBefore(state.tallyEnd) > 0) {
    if (state.firstResetAt > 0 && now > state.firstResetAt + rule.intervalMs) {
      state.tallyReset = -1;
    }
    return;
  }
  const others = state.tallyHighest - state.tallyLowest - (state.tallyAccepted - 1);
  if (others >= othersEvidence(limit)) {
    // Evidence of that window, which may be long over: remembered as long as its own.
    const before = othersRemembered(state, rule, now) ? state.foreignPerMs : 0;
    state.foreignUntil = Math.max(state.foreignUntil, state.firstResetAt);
    if (othersRemembered(state, rule, now)) {
      state.foreignPerMs = Math.min(
        mostOthersPerMs(limit, rule),
        Math.max(before, others / rule.intervalMs),
      );
    }
  }
  state.tallyReset = -1;
}

interface Word {
  /** When the request it answered left. */
  at: number;
  /** That request's ticket. */
  ticket: number;
  /** `Remaining` as sent. */
  raw: number;
  /** Grants made when it came. */
  seq: number;
  /** `Remaining` less the grants then unanswered. */
  remaining: number;
  refused: boolean;
  limit: number;
  resetAt: number;
}

/** Measures others' draw from `word`; returns what they drew of its window by its count, at least. */
function measureOthers(
  state: BudgetState,
  log: GrantLog,
  rule: RateLimitRule,
  word: Word,
  now: number,
): number {
  const minSpan = rule.intervalMs * MIN_RATE_SPAN;
  const evidence = othersEvidence(word.limit);
  const reservedBefore = state.foreignPerMs > 0 && othersRemembered(state, rule, now);
  let others: number;
  let span: number;
  let drawn = 0;
  // Never more than the server's count shows (a machine under load answers out of order, and
  // an overestimate would starve the job for good): every grant of this group that may have
  // been counted is taken as counted, and the span is the longest it may have been. The first
  // word: everything counted this window beyond this group's grants not answered before it
  // began (or, if the window slides, an interval before the word). A later word on the same
  // window (sent after the first one's answer, so counted after it): the fall of `Remaining`
  // since the first beyond this group's grants not answered before the first one left.
  const refHeardAt = log.arrivalOf(state.refSeq) ?? Number.POSITIVE_INFINITY;
  if (word.refused && word.resetAt === state.winResetAt && state.winAccepted > 0) {
    // A refusal after acceptances: the window was full when it came. What this group got
    // accepted in it is known from its answers; the rest went to others since it began.
    const windowStart = word.resetAt - rule.intervalMs;
    others = word.limit - state.winAccepted;
    span = Math.max(minSpan, now - windowStart);
  } else if (state.refResetAt === 0) {
    const windowStart = word.resetAt - rule.intervalMs;
    const counted = log.countAfter(Math.min(windowStart, word.at - rule.intervalMs));
    others = word.limit - word.raw - counted;
    span = Math.max(minSpan, now - windowStart);
  } else if (word.resetAt === state.refResetAt && word.at >= refHeardAt) {
    const sinceRef =
      state.refRemaining - word.raw - grantsAfter(log, state.refSeq, state.refAt, word.resetAt);
    drawn = state.refOthers + Math.max(0, sinceRef);
    const late = word.ticket === state.lateSeq;
    const spent = word.refused || word.raw < 1;
    if (late && !spent && sinceRef < evidence && state.refOthers > 0) {
      // Others drew before the window's first word and not since (a batch as it opens,
      // counted before that word on a loaded machine): measured since it, the late word saw
      // none and cleared the estimate, and the next window met them with a burst. It counts
      // the whole window then, over the span since it began (to its departure: the way there
      // is unknown, and the shorter span errs high). A spent window grows the estimate from
      // what it was (below), as before.
      others = state.refOthers + sinceRef;
      span = word.at - (word.resetAt - rule.intervalMs);
    } else {
      others = sinceRef;
      // The late word leaves with nothing of this group's ahead of it, so it is counted about
      // one way after it left, as the reference (at best the window's first word) was: their
      // departures tell the span. Any other word may have queued until its answer.
      span = (late ? word.at : now) - state.refAt;
    }
    if (span < minSpan && !word.refused) return drawn; // too short to tell; keep the reference
  } else {
    if (word.resetAt !== state.refResetAt) setReference(state, log, rule, word, reservedBefore);
    // A word sent before the reference was heard may have been counted before it: nothing.
    return word.ticket === state.refSeq ? state.refOthers : 0;
  }
  // Never reserve the whole window for others: this bucket always keeps a tenth.
  const most = mostOthersPerMs(word.limit, rule);
  const measured = span >= minSpan ? Math.max(0, others) / span : 0;
  // The late word leaves with nothing of this group's in flight ahead of it: its count is
  // exact, if it found something left. Any other word's is a floor (grants in flight are taken
  // as counted): it may raise the estimate, never lower it.
  const late = word.ticket === state.lateSeq;
  if (late && state.refReserved && (word.refused || word.raw < 1)) {
    // The late word found the window spent although others were left their part from its
    // first word on: they used all they were left. Their refused requests never show in
    // Remaining, so they may want more: leave them more, like a slow start; the next late
    // word measures what they really draw (or finds it spent again). A window that opened
    // with nothing reserved was spent by this group before it knew of them: that tells
    // nothing of their appetite, and doubling would cost a short job its next window.
    state.foreignUntil = Math.max(state.foreignUntil, word.resetAt);
    state.foreignPerMs = Math.min(most, FOREIGN_GROWTH * Math.max(state.foreignPerMs, measured));
  } else if (word.refused || others >= evidence) {
    state.foreignUntil = Math.max(state.foreignUntil, word.resetAt);
    // In a window found spent, what others drew was cut short, and their refused requests
    // never show: the late word's count is a floor too. Taken as exact over a window this
    // group spent before it knew of them, a consumer of 40 a second read as 12, and the next
    // window left it a third of its need (10 s windows: 198 of its requests refused).
    const exact = late && !word.refused && word.raw >= 1;
    const floor = exact ? 0 : state.foreignPerMs;
    if (span >= minSpan) state.foreignPerMs = Math.min(most, Math.max(floor, measured));
  } else if (late && others <= 0 && span >= rule.intervalMs / 2) {
    state.foreignPerMs = 0;
  }
  // Within a window, every word is measured against its first: a reference moved to a word
  // sent while a burst was in flight would count the whole burst as maybe not counted in it.
  if (word.resetAt !== state.refResetAt) setReference(state, log, rule, word, reservedBefore);
  return word.ticket === state.refSeq ? state.refOthers : drawn;
}

/**
 * Others' draw since the reference word, without the floor's blind spot. Any word's own count
 * takes every grant then in flight as counted before it (a burst of 64 at 150 ms hid 63 of
 * others' requests on Braze's minute: they showed 6 s late, at two thirds of their rate). But
 * the server counted each grant just before its `Remaining` fell to what its answer said, so
 * once every grant made before a word's answer has been answered, their answers tell which
 * were counted before the word: what else fell was others'. One word waits for that at a
 * time (about a round trip); each such word extends the count since the reference and, as
 * any word, may raise others' estimate, never lower it (the late word's own count settles
 * it). Returns others' draw of the reference's window by the newest such word (a floor).
 */
function followCountedWords(
  state: BudgetState,
  log: GrantLog,
  rule: RateLimitRule,
  word: Word,
  now: number,
): number {
  // (Past its memory, others' estimate was zeroed as the word came: no floor.)
  const late = word.ticket === state.lateSeq;
  if (late || state.pendingTicket === 0) {
    state.pendingTicket = 0;
  } else if (log.unansweredBefore(state.pendingSeq + 1) === 0) {
    // Counted before the pending word: grants answered after the chain's last word left that
    // said between the two (or nothing), whatever window their answers named (a reset capped
    // at the answer plus the interval names one server window differently by answer).
    const ours = log.countAnsweredBetween(
      state.chainAt,
      state.pendingRemaining,
      state.chainRemaining,
    );
    state.chainOthers += state.chainRemaining - state.pendingRemaining - 1 - ours;
    state.chainRemaining = state.pendingRemaining;
    state.chainAt = state.pendingAt;
    state.chainHeardAt = state.pendingAnsweredAt;
    // From the reference's departure to the word's: each was counted a way there after it
    // left. To the word's answer instead, the span held its way back and any wait for earlier
    // answers: a job at 64 in flight read a consumer of 40 a second as 36 and left it short
    // (25 of its 400 refused in a 10 s window). Over a tenth of the interval at least, as a
    // window's first word is: a batch sent as the window opens must not read as a rate it does
    // not keep. Gated on the span instead, a job at latency 0 took 3,500 of Braze's minute in
    // those 6 s before others could show.
    const span = Math.max(rule.intervalMs * MIN_RATE_SPAN, state.pendingAt - state.refAt);
    if (state.chainOthers >= othersEvidence(word.limit)) {
      const measured = state.chainOthers / span;
      state.foreignUntil = Math.max(state.foreignUntil, state.refResetAt);
      state.foreignPerMs = Math.min(
        mostOthersPerMs(word.limit, rule),
        Math.max(state.foreignPerMs, measured),
      );
    }
    state.pendingTicket = 0;
  }
  // The next word to wait for: one that left after the chain's last was heard, so was counted
  // after it (measuring made its window the reference's). Its lower `Remaining` alone does not
  // say so: a sliding window's rises as old requests leave it, and one counted before the
  // reference, with less, counted the reference's own requests as others (a review's
  // simulation: 84 a window, with none).
  const follows = word.at >= state.chainHeardAt && word.raw < state.chainRemaining;
  if (state.pendingTicket === 0 && !late && !word.refused && follows) {
    state.pendingTicket = word.ticket;
    state.pendingRemaining = word.raw;
    state.pendingAt = word.at;
    state.pendingAnsweredAt = now;
    state.pendingSeq = state.seq;
  }
  return state.refOthers + Math.max(0, state.chainOthers);
}

/** Requests of others beyond this group's own that count as evidence of them, for `limit`. */
function othersEvidence(limit: number): number {
  return Math.max(FOREIGN_EVIDENCE, FOREIGN_EVIDENCE_SHARE * limit);
}

/** The most of `limit` per ms ever left to others ({@link FOREIGN_MOST}). */
function mostOthersPerMs(limit: number, rule: RateLimitRule): number {
  return (FOREIGN_MOST * limit) / rule.intervalMs;
}

/** Whether others' estimate is still kept: {@link FOREIGN_MEMORY_WINDOWS} after their last evidence. */
function othersRemembered(state: BudgetState, rule: RateLimitRule, now: number): boolean {
  return now < state.foreignUntil + FOREIGN_MEMORY_WINDOWS * rule.intervalMs;
}

/**
 * A 429 answered after its window reset (sent late in it, or slow to come back): that window
 * was full when the request came, so what this group did not get accepted in it went to
 * others. Measured over the whole window (their rate, never above what the counts show).
 * Dropped with the rest of a stale word, this was lost; a job whose first window's 429s came
 * back after its reset went on as if alone and met a second burst of 429s a window later.
 */
function othersFromLateRefusal(
  state: BudgetState,
  rule: RateLimitRule,
  limit: number,
  resetAt: number,
): void {
  if (resetAt !== state.winResetAt || state.winAccepted < 1) return;
  const measured = Math.max(0, limit - state.winAccepted) / rule.intervalMs;
  const most = mostOthersPerMs(limit, rule);
  state.foreignUntil = Math.max(state.foreignUntil, resetAt);
  state.foreignPerMs = Math.min(most, Math.max(state.foreignPerMs, measured));
}

/**
 * What to leave other consumers for `ms` at their measured rate: a margin above it
 * ({@link FOREIGN_MARGIN}), never more than nine tenths of the limit (this bucket keeps a
 * tenth), nothing when none is measured. Nor more than a window's draw (and its margin) less
 * what they `drawn` of this window already: a consumer that spends its part as the window
 * opens draws nothing after, which the rate alone would reserve until the reset.
 */
function othersReserve(
  foreignPerMs: number,
  ms: number,
  limit: number,
  rule: RateLimitRule,
  drawn: number,
): number {
  if (foreignPerMs <= 0) return 0;
  const withMargin = (draw: number) => draw + Math.max(FOREIGN_MARGIN * draw, FOREIGN_MARGIN_MIN);
  const most = (FOREIGN_MOST * limit * ms) / rule.intervalMs;
  const leftOfWindow = withMargin(foreignPerMs * rule.intervalMs) - drawn;
  return Math.min(most, withMargin(foreignPerMs * ms), Math.max(FOREIGN_MARGIN_MIN, leftOfWindow));
}

/**
 * When the late word of the newest word's window may leave, or undefined once it left (or
 * when round trips are too long for it to be answered before the reset). Held back by the
 * reserve for others, a job waits for the reset anyway: one request sent late instead of
 * never costs it time, and its answer shows what others drew over nearly the whole window
 * (measured against the window's first word), or that they used all they were left.
 */
function lateWordAt(state: BudgetState, log: GrantLog, rule: RateLimitRule): number | undefined {
  // A window the server said was spent stays spent: the word would only get a 429.
  if (state.lateResetAt === state.obsResetAt || state.obsRemaining < 1) return undefined;
  // Nothing of this group's is in flight ahead of the late word: the last one's round trip
  // tells how long it takes. The newest word's may have queued behind a burst (on a loaded
  // machine, a hundred ms), which sent the late word early: over a shorter span, a consumer
  // that spends its 40 as the window opens measured 49 a window (44 from a tenth). Not the
  // fastest round trip seen: a proxy's instant error would make it too short to be answered.
  const newest = (log.arrivalOf(state.obsSeq) ?? state.obsAt) - state.obsAt;
  // The shorter of the two: one slow late word, its lead past half the window, would stop
  // the late words for good (none would go to replace its round trip).
  const roundTrip = state.lateRoundTrip >= 0 ? Math.min(state.lateRoundTrip, newest) : newest;
  const lead = Math.max(LATE_WORD_LEAD * rule.intervalMs, 2 * roundTrip);
  return lead > rule.intervalMs / 2 ? undefined : state.obsResetAt - lead;
}

/**
 * Whether the window's scout is out. The window's first word came back while other requests
 * sent before it was heard were out too (a burst sent blind, often just before the last
 * reset): counted at once at the window's start, their words tell nothing of what others
 * draw after it. The first request sent since (the scout) is counted later: its word measures
 * others over the span since the first. Until it comes, nothing else goes; if it never comes
 * (a connection error), the next request is the scout.
 */
function scoutAwaited(state: BudgetState, log: GrantLog, now: number): boolean {
  if (state.refResetAt !== state.obsResetAt) return false;
  const heardAt = log.arrivalOf(state.refSeq);
  // The newest word's request left after the first was heard: it told what came since.
  if (heardAt === undefined || state.obsAt >= heardAt) return false;
  const scouts = log.countUnansweredSince(heardAt);
  const blindBurst = state.obsSeq !== state.refSeq || log.countAfter(now) > scouts;
  return blindBurst && scouts > 0;
}

/**
 * How much sooner than its answer plus the window the log forgets an answered grant: the
 * network's part of the fastest round trip of a request granted after the group's first
 * answer ({@link NETWORK_SHARE_OF_ROUND_TRIP}), in whole ms, none before one is seen, at most
 * half the interval (no network's floor is longer). The start-up's requests are left out:
 * the first burst opens its connections and meets a cold process (ten requests sent at once
 * had a fastest round trip 17 ms longer than the next lone request's, and half of it let the
 * eleventh reach the server 1–8 ms inside the window of the first, with `headroom: 0`).
 *
 * The log cannot know when the server counted a grant, only that it was between its sending
 * and its answer, so it counted it until the answer plus the window: with a round trip of
 * 150 ms and a window of a second, that paced a sliding window at 1/1.17 of its limit. A grant
 * counted at the latest on its answer less its way back, and the next one counted at the
 * earliest on its sending plus its way there, are a window apart when the next leaves a window
 * after the answer less both ways.
 */
function networkAllowance(state: BudgetState, rule: RateLimitRule): number {
  if (!(state.warmRoundTrip >= 0)) return 0;
  // Whole ms: the stores agree to the µs, and a sub-ms credit is worth nothing.
  const allowance = Math.floor(NETWORK_SHARE_OF_ROUND_TRIP * state.warmRoundTrip);
  return Math.min(allowance, rule.intervalMs / 2);
}

/**
 * Grants that may have reached the server after the request of `ticket`, which left at
 * `since`, so may be missing from its word's `Remaining`: answered after `since` or not yet,
 * in any process, however long they queued; `ticket` aside. Given the reset of that word's
 * window, grants whose answers named an earlier window are left out: counted in that one
 * (a burst that straddled the reset), they take nothing from this one.
 */
function grantsAfter(log: GrantLog, ticket: number, since: number, resetAt = 0): number {
  const own = (log.arrivalOf(ticket) ?? 0) > since ? 1 : 0;
  return log.countAfter(since, resetAt) - own;
}

/**
 * This group's grants that may be missing from the newest word's `Remaining`: answered after
 * its request left or not yet, its own aside. In the bucket's first window, where the log does
 * not grant, once every grant made before the word came is answered and no other consumer drew
 * on the window (`aloneInFirst`), those whose own answer about it said more are left out: the
 * server counted them before the word. Counted, a lone job that had sent all but its last
 * requests of a window kept back up to twice its concurrency (64 in flight on Braze's minute:
 * 126 grants against 125 remaining) and waited for the next window.
 *
 * Otherwise they count, a margin for others whose rate is not measured yet: while a burst is
 * out, the bench's shared 1 s windows at 150 ms met 1–13 429s a job without it, 0–2 with it;
 * two jobs with their own stores starting in one window each took it whole (a review's
 * simulation: 35 of their 69 requests refused). After the first window the log grants what it
 * frees, and a window spent to its last request met a server clock behind this one with a 429
 * at each reset (the same simulation, 300 ms behind: 267 in 100 jobs, 19 with the margin).
 */
function missingFromWord(state: BudgetState, log: GrantLog, aloneInFirst: boolean): number {
  const heardAt = log.arrivalOf(state.obsSeq);
  const sentSince = log.countUnansweredSince(heardAt ?? Number.POSITIVE_INFINITY);
  const sentBeforeWord = log.unansweredBefore(state.seq + 1) - sentSince;
  if (!aloneInFirst || sentBeforeWord > 0) return grantsAfter(log, state.obsSeq, state.obsAt);
  const own = (heardAt ?? 0) > state.obsAt ? 1 : 0;
  return log.countMissingFrom(state.obsAt, state.obsResetAt, state.obsRemaining) - own;
}

function forgetWords(state: BudgetState): void {
  state.obsResetAt = 0;
  state.refResetAt = 0;
  state.foreignPerMs = 0;
  state.foreignUntil = 0;
}

function setReference(
  state: BudgetState,
  log: GrantLog,
  rule: RateLimitRule,
  word: Word,
  reserved: boolean,
): void {
  // Others drew what the window counted before the word beyond this group's grants that may
  // be in it (those answered about an earlier window are not).
  const since = Math.min(word.resetAt - rule.intervalMs, word.at - rule.intervalMs);
  state.refOthers = Math.max(0, word.limit - word.raw - log.countAfter(since, word.resetAt));
  // Grants answered before the new reference left never count against it: the windows their
  // answers named are no longer needed (the Redis store drops them, to keep its scans short).
  log.forgetWindowsArrivedBy(word.at, word.resetAt);
  state.refReserved = reserved;
  state.refSeq = word.ticket;
  state.refRemaining = word.raw;
  state.refAt = word.at;
  state.refResetAt = word.resetAt;
  state.chainRemaining = word.raw;
  state.chainAt = word.at;
  state.chainHeardAt = log.arrivalOf(word.ticket) ?? Number.POSITIVE_INFINITY;
  state.chainOthers = 0;
  state.pendingTicket = 0;
}

function grant(state: BudgetState, log: GrantLog, now: number): LimiterGrant {
  state.seq++;
  log.record(state.seq, now);
  return { waitMs: 0, ticket: state.seq };
}

function wait(ms: number): LimiterGrant {
  return { waitMs: Math.max(1, ms), ticket: 0 };
}

/** A rule told as a ceiling over a longer window than the server's (see `serverIntervalMs`). */
function ceilingOverLongerWindow(rule: RateLimitRule): boolean {
  return rule.ceiling === true && rule.intervalMs > (rule.serverIntervalMs ?? rule.intervalMs);
}
