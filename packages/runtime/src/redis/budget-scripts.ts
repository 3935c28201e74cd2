import { createHash } from "node:crypto";

/** A Lua script and its SHA-1, for `EVALSHA` with an `EVAL` fallback. */
export interface LuaScript {
  readonly lua: string;
  readonly sha1: string;
}

function script(lua: string): LuaScript {
  return { lua, sha1: createHash("sha1").update(lua).digest("hex") };
}

// The runtime's budget (src/limiter/server-budget.ts: budgetTake, budgetObserve), atomically,
// on the Redis server's clock (ms since the epoch, fractional). Four keys per bucket, named
// from KEYS[1] (one key passed, as the store always did; a cluster would need a hash tag):
//   KEYS[1]       hash: seq, pause, obsAt, obsSeq, obsRem, obsReset, refSeq, refRem, refAt,
//                 refReset, fpm (others' draw per ms), fUntil, probeAt, slimit (the server's
//                 X-RateLimit-Limit), wReset and wAcc (the newest window, its accepted grants),
//                 lateReset and lateSeq (the late word: its window's reset, its ticket), refRes
//                 (1: others' draw was reserved when the reference word came), cap
//                 (the log's length: the largest any rule on the bucket asked for), rtt
//                 (the fastest round trip seen, grant to answer; none: not seen yet),
//                 firstReset (the reset of the first window the server told of), lateRtt
//                 (the last late word's round trip; none: no late word answered yet),
//                 refOthers (others' requests the reference's window counted before it),
//                 drawn and drawnReset (by the newest word's count, at least; its reset),
//                 firstAns (when the group heard its first answer), wrtt (the fastest round
//                 trip of a request granted after it), lag and lagAt (how far the server's
//                 clock is behind, at least; when that was last shown), tReset, tAcc,
//                 tHigh, tLow and tEnd (the first window's tally: its Reset as the server
//                 said it, -1 once tallied; this group's answers accepted in it; the
//                 highest and lowest Remaining they said; the first ticket granted after
//                 an answer about a later window came)
//   KEYS[1]:log   zset: ticket → when it reached the server at the latest (+inf: unanswered)
//   KEYS[1]:sent  zset: ticket → when it was granted
//   KEYS[1]:win   zset: ticket → the reset of the window its first answer named
//   KEYS[1]:seen  hash: ticket → the Remaining its accepted answer said
// and in the hash, the chain of words counted after the reference: chainRem, chainAt and
// chainHeard (the last one's Remaining, departure and answer), chainOth (others counted since
// the reference), and the word waiting to join it: pendSeq (0: none), pendRem, pendAt, pendAns
// (its answer), pendMax (the grants made by then).
const COMMON = `
local HASH, LOG, SENT, WIN = KEYS[1], KEYS[1] .. ':log', KEYS[1] .. ':sent', KEYS[1] .. ':win'
local SEEN = KEYS[1] .. ':seen'
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
-- A field that is not a finite number reads as unset: Lua's tonumber takes "nan" and "inf",
-- and one such field (a hand edit, a foreign writer) made every script fail for good.
local function fin(v)
  local n = tonumber(v)
  if n == nil or n ~= n or n == math.huge or n == -math.huge then return nil end
  return n
end
local function num(v) return fin(v) or 0 end
local function fmt(v) return string.format('%.3f', v) end
local function score(v)
  if v == 'inf' or v == '+inf' then return math.huge end
  return tonumber(v)
end
-- The log matters for ms (three windows after the last grant, or until a pause ends); the
-- hash (tickets, pause, the server's words) for a week at least, as the in-memory store keeps
-- its state: a bucket idle for a while starts at once, while a Redis that lost its data (no
-- hash at all) is told apart and makes the first acquisition wait a window.
local STATE_KEEP_MS = 7 * 24 * 3600 * 1000
-- A key is only ever kept longer: processes told rules over other windows share the bucket,
-- and one on a short window (three of its windows) cut the log a long ceiling counts over its
-- own window (6000 an hour, held then by nothing once the log was gone).
local function keepKey(key, ms)
  local left = redis.call('PTTL', key)
  if left ~= -2 and left < ms then redis.call('PEXPIRE', key, math.ceil(ms)) end
end
local function keep(ms)
  keepKey(HASH, math.max(ms, STATE_KEEP_MS))
  for _, key in ipairs({ LOG, SENT, WIN, SEEN }) do keepKey(key, ms) end
end
`;

/**
 * One acquisition. ARGV: limit, intervalMs, headroom, share, log capacity, the latest ticket
 * this caller saw and the latest pause it knows of (so a Redis that lost its data, restarted
 * without persistence, neither hands tickets out twice nor forgets a pause; it also waits one
 * window, since its log of recent grants is gone), 1 for a rule told as a ceiling, the
 * rule's `leaseMs` ('' for none), and its `serverIntervalMs` ('' for none).
 *
 * Returns { wait µs (0: granted), ticket }.
 */
export const acquireScript: LuaScript = script(`${COMMON}
local limit, interval, headroom, share, capacity =
  tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local h = redis.call('HMGET', HASH, 'seq', 'pause', 'obsAt', 'obsSeq', 'obsRem', 'obsReset',
  'fpm', 'fUntil', 'probeAt', 'slimit', 'lateReset', 'cap', 'rtt', 'firstReset', 'refSeq',
  'refReset', 'lateRtt', 'drawn', 'drawnReset', 'wrtt')
local seq = math.max(num(h[1]), tonumber(ARGV[6]))
-- The log is as long as the largest rule's on this bucket needs (a process told a lower
-- limit must not trim what one told a higher limit counts), as the in-memory ring only grows.
capacity = math.max(capacity, num(h[12]))
local pause = math.max(num(h[2]), tonumber(ARGV[7]))
local windowMs = interval * (1 + headroom)
if not h[1] and tonumber(ARGV[6]) > 0 then pause = math.max(pause, now + windowMs) end
-- The log forgets an answered grant half the fastest round trip of a request granted after
-- the first answer (in whole ms, at most half the interval) before its answer plus the
-- window: the network's part of it.
local logWindowMs = windowMs
if fin(h[20]) then logWindowMs = windowMs - math.min(math.floor(0.5 * fin(h[20])), interval / 2) end
local obsAt, obsSeq, obsRem, obsReset = num(h[3]), num(h[4]), num(h[5]), num(h[6])
local fpm, fUntil, probeAt, lateReset = num(h[7]), num(h[8]), num(h[9]), num(h[11])
-- Others' draw is reserved until two windows after the last evidence of them.
if now >= fUntil + 2 * interval then fpm = 0 end
-- A rule told as a ceiling holds when the server says it allows more, and always when its
-- window is longer than the server's (ARGV[10]): each server window allows more than it.
local ruleLimit = limit
local longCeiling = ARGV[8] == '1' and ARGV[10] ~= '' and interval > tonumber(ARGV[10])
local capped = share < 1 or longCeiling or (ARGV[8] == '1' and num(h[10]) > limit)
if num(h[10]) > 0 then limit = math.min(limit, num(h[10])) end

local function save()
  redis.call('HSET', HASH, 'seq', seq, 'pause', fmt(pause), 'probeAt', fmt(probeAt),
    'cap', capacity)
  keep(math.max(pause - now, 0) + 3 * windowMs)
end
local function wait(ms)
  save()
  return { math.max(1000, math.ceil(ms * 1000)), 0 }
end
local function grant()
  seq = seq + 1
  redis.call('ZADD', LOG, '+inf', seq)
  redis.call('ZADD', SENT, fmt(now), seq)
  -- The log keeps the last capacity tickets, by ticket as the in-memory ring does: by time,
  -- grants made at one time would go in member order ('10' before '9'), a pending one first.
  local oldest = seq - capacity
  while oldest > 0 and redis.call('ZREM', SENT, oldest) == 1 do
    redis.call('ZREM', LOG, oldest)
    redis.call('ZREM', WIN, oldest)
    redis.call('HDEL', SEEN, oldest)
    oldest = oldest - 1
  end
  -- Tickets below a gap (seq jumps after Redis lost its data) go by time.
  local extra = redis.call('ZCARD', SENT) - capacity
  if extra > 0 then
    local old = redis.call('ZRANGE', SENT, 0, extra - 1)
    redis.call('ZREM', LOG, unpack(old))
    redis.call('ZREM', WIN, unpack(old))
    redis.call('HDEL', SEEN, unpack(old))
    redis.call('ZREMRANGEBYRANK', SENT, 0, extra - 1)
  end
  save()
  return { 0, seq }
end
local function freeAt(n, window)
  local size = redis.call('ZCARD', LOG)
  if n < 1 or n > size then return -math.huge end
  local entry = redis.call('ZRANGE', LOG, size - n, size - n, 'WITHSCORES')
  -- An unanswered grant frees nothing until its answer (which wakes the caller): a window.
  return math.min(score(entry[2]) + window, now + windowMs)
end
-- Grants not in the newest word's Remaining, answered after since (or not yet), its own aside;
-- alone in the bucket's first window (the log does not grant there), once every grant made
-- before the word came is answered, not those whose own answer about it said more (the server
-- counted them before it): until then, or with others drawing, they are a margin for others
-- not measured yet.
local function sinceWord(since, alone)
  local n = redis.call('ZCOUNT', LOG, '(' .. fmt(since), '+inf')
  local own = redis.call('ZSCORE', LOG, obsSeq)
  if own and score(own) > since then n = n - 1 end
  if not own or not alone then return n end
  local heardAt = score(own)
  for _, t in ipairs(redis.call('ZRANGEBYSCORE', LOG, '+inf', '+inf')) do
    if num(redis.call('ZSCORE', SENT, t)) < heardAt then return n end
  end
  for _, t in ipairs(redis.call('ZRANGEBYSCORE', LOG, '(' .. fmt(since), '(+inf')) do
    if num(redis.call('ZSCORE', WIN, t)) == obsReset then
      local said = tonumber(redis.call('HGET', SEEN, t) or '')
      if said and said > obsRem then n = n - 1 end
    end
  end
  return n
end

-- A grant still unanswered a lease after it was made (ARGV[9]) was left by a process that died
-- holding it: it reached the server by its grant plus the lease, and counts as answered then.
local lease = tonumber(ARGV[9])
if lease and lease > 0 then
  for _, tk in ipairs(redis.call('ZRANGEBYSCORE', LOG, '+inf', '+inf')) do
    local at = tonumber(redis.call('ZSCORE', SENT, tk))
    if at and at + lease <= now then redis.call('ZADD', LOG, 'XX', fmt(at + lease), tk) end
  end
end
if now < pause then return wait(pause - now) end
-- This bucket's users take at most share x limit per window, in whole requests.
local cap = limit
if longCeiling then cap = ruleLimit end
if capped then cap = math.max(1, math.floor(cap * share)) end
local recent = 0
if redis.call('ZCARD', LOG) >= limit then
  recent = redis.call('ZCOUNT', LOG, '(' .. fmt(now - logWindowMs), '+inf')
end
-- The share (and a ceiling) counts a grant until its answer plus the window, with no
-- allowance: arrival comes before the answer, so no window of arrivals holds more than the cap.
if capped and redis.call('ZCARD', LOG) >= cap then
  local held = redis.call('ZCOUNT', LOG, '(' .. fmt(now - windowMs), '+inf')
  if held >= cap then return wait(freeAt(cap, windowMs) - now) end
end
-- Others' draw until the reset, a margin above it (a twentieth, at least 2), at most 0.9;
-- nor more than a window's draw and its margin less what they drew of this one already.
local function withMargin(draw) return draw + math.max(0.05 * draw, 2) end
local function othersReserve(ms)
  if fpm <= 0 then return 0 end
  local drawn = 0
  if num(h[19]) == obsReset then drawn = num(h[18]) end
  local leftOfWindow = math.max(2, withMargin(fpm * interval) - drawn)
  return math.min(0.9 * limit * ms / interval, withMargin(fpm * ms), leftOfWindow)
end
-- When the late word may leave (two of a lone request's round trips before the reset at
-- least), or nil.
local function lateWordAt()
  if lateReset == obsReset or obsRem < 1 then return nil end
  -- The shorter of the newest word's and the last late word's: one slow late word must not
  -- stop them for good.
  local roundTrip = (score(redis.call('ZSCORE', LOG, obsSeq) or '') or obsAt) - obsAt
  local lateRtt = fin(h[17])
  if lateRtt and lateRtt >= 0 then roundTrip = math.min(roundTrip, lateRtt) end
  local lead = math.max(0.1 * interval, 2 * roundTrip)
  if lead > interval / 2 then return nil end
  return obsReset - lead
end
local known = obsReset > 0
local current = known and now < obsReset
-- After the late word, the window's rest is others' margin: no rule grants (not the log).
local lateSent = current and lateReset == obsReset
local othersSeen = fpm > 0 or now < fUntil
-- The window's first words came from a burst sent blind (before the first was heard): one
-- request sent since (the scout) measures others; until its word comes, nothing else goes.
local function scoutAwaited()
  if num(h[16]) ~= obsReset then return false end
  local heard = redis.call('ZSCORE', LOG, num(h[15]))
  if not heard then return false end
  heard = score(heard)
  if obsAt >= heard then return false end
  local scouts = 0
  for _, tk in ipairs(redis.call('ZRANGEBYSCORE', SENT, fmt(heard), '+inf')) do
    if score(redis.call('ZSCORE', LOG, tk)) == math.huge then scouts = scouts + 1 end
  end
  local blindBurst = obsSeq ~= num(h[15])
    or redis.call('ZCOUNT', LOG, '(' .. fmt(now), '+inf') > scouts
  return blindBurst and scouts > 0
end
local scoutOut = not othersSeen and current and scoutAwaited()
if current and not lateSent and not scoutOut then
  local reserve = othersReserve(obsReset - obsAt)
  local drawn = 0
  if num(h[19]) == obsReset then drawn = num(h[18]) end
  local alone = obsReset == num(h[14]) and not othersSeen and drawn < math.max(2, 0.02 * limit)
  if obsRem - sinceWord(obsAt, alone) - reserve >= 1 then return grant() end
end
local late = nil
if current and fpm > 0 then late = lateWordAt() end
if late and now >= late then
  redis.call('HSET', HASH, 'lateReset', fmt(obsReset), 'lateSeq', seq + 1)
  return grant()
end
-- In the first window the server told of, nothing of this group has left it: the words say all.
local logRules = not othersSeen and not lateSent and not scoutOut
  and not (current and obsReset == num(h[14]))
if logRules and recent < limit then return grant() end
local probing = probeAt > obsAt and now - probeAt < interval
-- Grants made since the word's request left (within a window) took what a reset frees at least.
local taken = redis.call('ZCOUNT', SENT, '(' .. fmt(math.max(obsAt, now - windowMs)), '+inf')
if known and not current and not probing and obsRem - taken >= 0 then
  probeAt = now
  return grant()
end
local nextAt = now + interval
if current then nextAt = math.min(nextAt, obsReset) end
if late then nextAt = math.min(nextAt, late) end
if probing then nextAt = math.min(nextAt, probeAt + interval) end
if logRules then nextAt = math.min(nextAt, freeAt(limit, logWindowMs)) end
-- The scout's answer wakes its own process only: the others ask again after a round trip.
if scoutOut then nextAt = math.min(nextAt, now + math.max(1, num(h[13]))) end
return wait(nextAt - now)
`);

/**
 * One response's word. ARGV: ticket, remaining ('' when not sent), limit (the header's, or the
 * rule's), reset epoch ms ('' when not sent), refused (1 for a 429), intervalMs, settled (1 when
 * the request ended without an answer), the header's limit ('' when not sent).
 *
 * Returns 1 when taken in, 0 when the ticket is unknown (Redis forgot it) or the word stale.
 */
export const observeScript: LuaScript = script(`${COMMON}
local ticket, interval = ARGV[1], tonumber(ARGV[6])
local sentAt = redis.call('ZSCORE', SENT, ticket)
if not sentAt then return 0 end
sentAt = tonumber(sentAt)
redis.call('ZADD', LOG, 'XX', fmt(now), ticket)
if ARGV[7] ~= '1' then
  local rtt = fin(redis.call('HGET', HASH, 'rtt'))
  if not rtt or now - sentAt < rtt then
    redis.call('HSET', HASH, 'rtt', string.format('%.17g', now - sentAt))
  end
  -- Past the start-up (granted after the first answer): the log's allowance.
  local firstAns = fin(redis.call('HGET', HASH, 'firstAns'))
  if not firstAns then
    redis.call('HSET', HASH, 'firstAns', fmt(now))
  elseif sentAt > firstAns then
    local wrtt = fin(redis.call('HGET', HASH, 'wrtt'))
    if not wrtt or now - sentAt < wrtt then
      redis.call('HSET', HASH, 'wrtt', string.format('%.17g', now - sentAt))
    end
  end
  -- The late word's, a lone request's, even when it came after the reset.
  if tonumber(ticket) == num(redis.call('HGET', HASH, 'lateSeq')) then
    redis.call('HSET', HASH, 'lateRtt', string.format('%.17g', now - sentAt))
  end
end
if ARGV[8] and ARGV[8] ~= '' then redis.call('HSET', HASH, 'slimit', ARGV[8]) end
-- The bucket's first window, counted whole once it is over (told apart by the server's own
-- Reset): once every grant made before the first answer about a later window came has been
-- answered, what fell between its first and last answers of this group's, beyond their own,
-- was others'. An answer without a word, or one that never comes (given up a window after the
-- reset), leaves nothing to tell.
local tally = redis.call('HMGET', HASH, 'tReset', 'tAcc', 'tHigh', 'tLow', 'tEnd', 'firstReset')
local tReset, tAcc, tHigh = num(tally[1]), num(tally[2]), num(tally[3])
local tLow, tEnd, firstReset = num(tally[4]), num(tally[5]), num(tally[6])
local wordReset, wordLimit = tonumber(ARGV[4]), tonumber(ARGV[3])
local tallying = tReset > 0
if tReset == 0 and firstReset == 0 then
  tReset, tAcc, tHigh, tLow, tEnd, tallying = wordReset or -1, 0, 0, wordLimit, 0, true
end
if tReset > 0 then
  if ARGV[2] == '' or not wordReset or ARGV[7] == '1' then
    tReset = -1
  elseif wordReset == tReset and ARGV[5] ~= '1' then
    local said = tonumber(ARGV[2])
    tAcc, tHigh, tLow = tAcc + 1, math.max(tHigh, said), math.min(tLow, said)
  elseif wordReset > tReset and tEnd == 0 then
    tEnd = num(redis.call('HGET', HASH, 'seq')) + 1
  end
  local over = tReset > 0 and tEnd > 0
  if over then
    for _, t in ipairs(redis.call('ZRANGEBYSCORE', LOG, '+inf', '+inf')) do
      if tonumber(t) < tEnd then over = false break end
    end
  end
  if over then
    local others = tHigh - tLow - (tAcc - 1)
    if others >= math.max(2, 0.02 * wordLimit) then
      -- Evidence of that window, which may be long over: remembered as long as its own.
      local f = redis.call('HMGET', HASH, 'fpm', 'fUntil')
      local before = num(f[1])
      if now >= num(f[2]) + 2 * interval then before = 0 end
      local fUntil = math.max(num(f[2]), firstReset)
      redis.call('HSET', HASH, 'fUntil', fmt(fUntil))
      if now < fUntil + 2 * interval then
        local fpm = math.min(0.9 * wordLimit / interval, math.max(before, others / interval))
        redis.call('HSET', HASH, 'fpm', string.format('%.17g', fpm))
      end
    end
    tReset = -1
  elseif tReset > 0 and firstReset > 0 and now > firstReset + interval then
    tReset = -1
  end
end
if tallying then
  redis.call('HSET', HASH, 'tReset', fmt(tReset), 'tAcc', tAcc, 'tHigh', tHigh, 'tLow', tLow,
    'tEnd', tEnd)
end
if ARGV[2] == '' then
  -- An answer without a word to a request sent after the latest one: the log takes over.
  if ARGV[7] ~= '1' and sentAt >= num(redis.call('HGET', HASH, 'obsAt')) then
    redis.call('HSET', HASH, 'obsReset', 0, 'refReset', 0, 'fpm', 0, 'fUntil', 0)
  end
  return 1
end
local remaining, limit, refused = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[5] == '1'
local resetAt = now + interval
-- The server's clock is behind by more than how long after the reset its answer names a
-- request left (up to half the interval): its resets come that much later here. Forgotten
-- ten windows after it was last shown (clocks move).
local lag = 0
local kept = redis.call('HMGET', HASH, 'lag', 'lagAt')
if now - num(kept[2]) < 10 * interval then lag = num(kept[1]) end
if ARGV[4] ~= '' then
  local shown = math.floor(sentAt - tonumber(ARGV[4])) + 1
  if shown > 0 and shown <= interval / 2 and shown >= lag then
    lag = shown
    redis.call('HSET', HASH, 'lag', lag, 'lagAt', fmt(now))
  end
  resetAt = math.min(tonumber(ARGV[4]) + lag, resetAt)
end
-- Counted in the window that resets then: no later window's words count it.
redis.call('ZADD', WIN, 'NX', fmt(resetAt), ticket)
local keepMs = redis.call('PTTL', SENT)
if keepMs > 0 then redis.call('PEXPIRE', WIN, keepMs) end
if resetAt <= now then
  -- About a window that is over; a refusal still shows others (what this group did not get
  -- accepted in it), over the whole window.
  local w = redis.call('HMGET', HASH, 'wReset', 'wAcc', 'fpm', 'fUntil')
  if refused and resetAt == num(w[1]) and num(w[2]) >= 1 then
    local measured = math.max(0, limit - num(w[2])) / interval
    -- An estimate past its memory is no floor.
    local before = num(w[3])
    if now >= num(w[4]) + 2 * interval then before = 0 end
    local fpm = math.min(0.9 * limit / interval, math.max(before, measured))
    redis.call('HSET', HASH, 'fpm', string.format('%.17g', fpm),
      'fUntil', fmt(math.max(num(w[4]), resetAt)))
  end
  -- Sent at or after that window's reset, yet counted in it: the server had not turned it.
  -- Its word is the newest, so the reset's probe goes again, as long after as the server has
  -- kept the window open since.
  -- Unless a word about a later window came first: the server has turned it since.
  local newest = redis.call('HMGET', HASH, 'obsSeq', 'obsReset')
  local serverReset = tonumber(ARGV[4])
  if serverReset and sentAt >= serverReset and tonumber(ticket) > num(newest[1])
    and num(newest[2]) <= resetAt then
    local asLong = math.min(now - serverReset, interval)
    local pause = math.max(num(redis.call('HGET', HASH, 'pause')), now + asLong)
    local said = remaining
    if refused then said = 0 end
    redis.call('HSET', HASH, 'pause', fmt(pause), 'obsAt', fmt(sentAt), 'obsSeq', ticket,
      'obsRem', said)
  end
  return 0
end
local h = redis.call('HMGET', HASH, 'seq', 'refSeq', 'refRem', 'refAt', 'refReset', 'fpm',
  'fUntil', 'wReset', 'wAcc', 'lateSeq', 'refRes', 'refOthers')
local refSeq, refRem, refAt, refReset = num(h[2]), num(h[3]), num(h[4]), num(h[5])
local fpm, fUntil = num(h[6]), num(h[7])
local wReset, wAcc, lateSeq = num(h[8]), num(h[9]), num(h[10])
-- Past its memory, others' estimate is no floor for new evidence either.
if now >= fUntil + 2 * interval then fpm = 0 end
-- Others' draw reserved before this word (a reference taken now keeps it).
local reservedBefore = fpm > 0
if resetAt > wReset then wReset, wAcc = resetAt, 0 end
if resetAt == wReset and not refused then wAcc = wAcc + 1 end
redis.call('HSET', HASH, 'wReset', fmt(wReset), 'wAcc', wAcc)
if not refused then
  redis.call('HSET', SEEN, ticket, remaining)
  if keepMs > 0 then redis.call('PEXPIRE', SEEN, keepMs) end
end
local tk = tonumber(ticket)
local minSpan = interval * 0.1
-- This group's grants answered after since (or not yet) but not about a window before the
-- one resetting at resetAt (those were counted in it: a straddling burst).
local function ownAfter(since, resetAt)
  local n = redis.call('ZCOUNT', LOG, '(' .. fmt(since), '+inf')
  for _, t in ipairs(redis.call('ZRANGEBYSCORE', WIN, '-inf', '(' .. fmt(resetAt))) do
    local s = redis.call('ZSCORE', LOG, t)
    if s and score(s) > since then n = n - 1 end
  end
  return n
end
local others, span
local measure = true
-- What others drew of this word's window by its count, at least (kept with the word).
local drawn = 0
-- Within a window, every word is measured against its first.
local newWindow = resetAt ~= refReset
-- Others never above what the count shows: every grant that may have been counted is.
local refHeard = score(redis.call('ZSCORE', LOG, refSeq) or '') or math.huge
if refused and resetAt == wReset and wAcc > 0 then
  -- A refusal after acceptances: the window was full; what this group got accepted is known.
  others = limit - wAcc
  span = math.max(minSpan, now - (resetAt - interval))
elseif refReset == 0 then
  local windowStart = resetAt - interval
  local since = math.min(windowStart, sentAt - interval)
  others = limit - remaining - redis.call('ZCOUNT', LOG, '(' .. fmt(since), '+inf')
  span = math.max(minSpan, now - windowStart)
elseif resetAt == refReset and sentAt >= refHeard then
  local sinceRef = refRem - remaining - ownAfter(refAt, resetAt)
  if refHeard > refAt then sinceRef = sinceRef + 1 end
  local refOthers = num(h[12])
  drawn = refOthers + math.max(0, sinceRef)
  local spent = refused or remaining < 1
  if tk == lateSeq and not spent and sinceRef < math.max(2, 0.02 * limit) and refOthers > 0 then
    -- Others drew before the window's first word and not since (and it is not spent): the
    -- late word counts the whole window, over the span since it began (to its departure).
    others = refOthers + sinceRef
    span = sentAt - (resetAt - interval)
  else
    -- Since the reference: the late word is counted about one way after it left, as the
    -- reference was.
    others = sinceRef
    if tk == lateSeq then span = sentAt - refAt else span = now - refAt end
  end
  if span < minSpan and not refused then measure = false end
else
  -- Sent before the reference was heard: it may have been counted before it, so it measures
  -- nothing; the reference's own word (answered again) keeps what others drew before it.
  measure = false
  if tk == refSeq then drawn = num(h[12]) end
end
if measure then
  local most = 0.9 * limit / interval
  local measured = 0
  if span >= minSpan then measured = math.max(0, others) / span end
  -- The late word's count is exact; any other's a floor: it may raise the estimate only.
  local late = tk == lateSeq
  if late and num(h[11]) == 1 and (refused or remaining < 1) then
    -- The late word found spent a window that left others their part from its first word:
    -- they want more than they were left. (One spent before they were known tells nothing.)
    fUntil = math.max(fUntil, resetAt)
    fpm = math.min(most, 2 * math.max(fpm, measured))
  elseif refused or others >= math.max(2, 0.02 * limit) then
    fUntil = math.max(fUntil, resetAt)
    -- The late word's count is exact only if it found something left (others cut short).
    local floor = fpm
    if late and not refused and remaining >= 1 then floor = 0 end
    if span >= minSpan then fpm = math.min(most, math.max(floor, measured)) end
  elseif late and others <= 0 and span >= interval / 2 then
    fpm = 0
  end
end
if newWindow then
  -- Others drew what the window counted before the word beyond this group's grants in it.
  local since = math.min(resetAt - interval, sentAt - interval)
  local refOthers = math.max(0, limit - remaining - ownAfter(since, resetAt))
  redis.call('HSET', HASH, 'refOthers', refOthers)
  drawn = refOthers
  -- Grants answered before the new reference left never count against it: their windows go
  -- (once per window, so the scan above stays as short as the stragglers of the last one).
  for _, t in ipairs(redis.call('ZRANGEBYSCORE', WIN, '-inf', '(' .. fmt(resetAt))) do
    local s = redis.call('ZSCORE', LOG, t)
    if s and score(s) <= sentAt then redis.call('ZREM', WIN, t) end
  end
  redis.call('HSET', HASH, 'refSeq', tk, 'refRem', remaining, 'refAt', fmt(sentAt),
    'refReset', fmt(resetAt), 'refRes', reservedBefore and 1 or 0, 'chainRem', remaining,
    'chainAt', fmt(sentAt), 'chainHeard', fmt(now), 'chainOth', 0, 'pendSeq', 0)
end
-- The reference's window word by word: once every grant made before a word's answer is
-- answered, what their answers said tells which were counted before it; the rest of the fall
-- was others'. May raise their estimate, never lower it; the late word's count settles it.
local c = redis.call('HMGET', HASH, 'chainRem', 'chainAt', 'chainOth', 'pendSeq', 'pendRem',
  'pendAt', 'pendAns', 'pendMax', 'refReset', 'refAt', 'refOthers', 'chainHeard')
local chainRem, chainAt, chainOth, pendSeq = num(c[1]), num(c[2]), num(c[3]), num(c[4])
local chainHeard = num(c[12])
local isLate = tk == lateSeq
-- The late word's own count settles the window: it drops the pending word.
local pending = not isLate and pendSeq > 0
if pending then
  -- Resolved once no grant made before its answer is unanswered.
  pending = false
  for _, t in ipairs(redis.call('ZRANGEBYSCORE', LOG, '+inf', '+inf')) do
    if tonumber(t) <= num(c[8]) then pending = true break end
  end
  if not pending then
    local pendRem, refReset = num(c[5]), num(c[9])
    -- Counted before it: answered after the chain's last word left, saying between the two
    -- (or nothing: a connection error), whatever window their answers named.
    local ours = 0
    local answered = redis.call('ZRANGEBYSCORE', LOG, '(' .. fmt(chainAt), '+inf', 'WITHSCORES')
    for i = 1, #answered, 2 do
      if score(answered[i + 1]) ~= math.huge then
        if not redis.call('ZSCORE', WIN, answered[i]) then
          ours = ours + 1
        else
          local said = tonumber(redis.call('HGET', SEEN, answered[i]) or '')
          if said and said > pendRem and said < chainRem then ours = ours + 1 end
        end
      end
    end
    chainOth = chainOth + chainRem - pendRem - 1 - ours
    chainRem, chainAt, chainHeard = pendRem, num(c[6]), num(c[7])
    -- From the reference's departure to the word's (each counted a way there after it left),
    -- over a tenth of the interval at least, as a window's first word is.
    local span = math.max(interval * 0.1, num(c[6]) - num(c[10]))
    if chainOth >= math.max(2, 0.02 * limit) then
      fUntil = math.max(fUntil, refReset)
      fpm = math.min(0.9 * limit / interval, math.max(fpm, chainOth / span))
    end
  end
end
if not pending then
  pendSeq = 0
  -- The next word to wait for: one that left after the chain's last was heard (a sliding
  -- window's Remaining rises: less alone does not say it was counted later).
  if not isLate and not refused and sentAt >= chainHeard and remaining < chainRem then
    pendSeq = tk
    redis.call('HSET', HASH, 'pendRem', remaining, 'pendAt', fmt(sentAt), 'pendAns', fmt(now),
      'pendMax', num(h[1]))
  end
  redis.call('HSET', HASH, 'pendSeq', pendSeq)
end
redis.call('HSET', HASH, 'chainRem', chainRem, 'chainAt', fmt(chainAt), 'chainHeard',
  fmt(chainHeard), 'chainOth', chainOth)
drawn = math.max(drawn, num(c[11]) + math.max(0, chainOth))
-- Others' rate exactly (17 digits round-trip a double), as the in-memory store keeps it.
redis.call('HSET', HASH, 'fpm', string.format('%.17g', fpm), 'fUntil', fmt(fUntil))
local o = redis.call('HMGET', HASH, 'obsSeq', 'obsReset')
if tk < num(o[1]) and now < num(o[2]) then return 1 end
-- What others drew goes with the word it was counted from (another's may be newer).
redis.call('HSET', HASH, 'obsAt', fmt(sentAt), 'obsSeq', tk, 'obsRem', remaining,
  'obsReset', fmt(resetAt), 'drawn', drawn, 'drawnReset', fmt(resetAt))
redis.call('HSETNX', HASH, 'firstReset', fmt(resetAt))
return 1
`);

/**
 * Raises the bucket's pause to ARGV[1] (epoch ms) if it is later than the current one, keeping
 * the log at least until the pause ends (and the hash as long as ever).
 *
 * Returns the pause in force (µs).
 */
export const pauseScript: LuaScript = script(`${COMMON}
local pause = math.max(num(redis.call('HGET', HASH, 'pause')), tonumber(ARGV[1]))
redis.call('HSET', HASH, 'pause', fmt(pause))
-- No log (-2) also means a hash without a TTL yet: keep sets it.
if redis.call('PTTL', LOG) < pause - now + 1000 then keep(pause - now + 1000) end
return math.floor(pause * 1000)
`);

/**
 * The keys of a bucket, named from its hash's (the layout above), and the type the scripts keep
 * in each: what {@link keyTypesScript} compares Redis's answer with.
 */
export const BUCKET_KEYS: ReadonlyArray<{ suffix: string; type: "hash" | "zset" }> = [
  { suffix: "", type: "hash" },
  { suffix: ":log", type: "zset" },
  { suffix: ":sent", type: "zset" },
  { suffix: ":win", type: "zset" },
  { suffix: ":seen", type: "hash" },
];

/**
 * Reads, and changes nothing: the type of KEYS[1] followed by each suffix in ARGV (`none` for
 * a missing key), to name the key another application wrote (a `WRONGTYPE` says not which) or
 * to find it before a job's first request. Needs the same commands as the budget's scripts
 * (EVALSHA/EVAL) and read access to the same keys, so it also meets the same ACL.
 */
export const keyTypesScript: LuaScript = script(`
local types = {}
for i, suffix in ipairs(ARGV) do types[i] = redis.call('TYPE', KEYS[1] .. suffix).ok end
return types
`);
