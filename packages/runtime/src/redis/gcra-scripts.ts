import { createHash } from "node:crypto";

/** A Lua script and its SHA-1, for `EVALSHA` with an `EVAL` fallback. */
export interface LuaScript {
  readonly lua: string;
  readonly sha1: string;
}

function script(lua: string): LuaScript {
  return { lua, sha1: createHash("sha1").update(lua).digest("hex") };
}

/**
 * One GCRA reservation, atomically, on the Redis server's clock. Times are integer
 * microseconds since the epoch; the hash holds `tat` (theoretical arrival time) and `pause`.
 * The arithmetic is the runtime's `reserveSlot` (src/limiter/gcra.ts), so one process and many
 * processes pace the same way.
 *
 * KEYS[1] the bucket's hash
 * ARGV[1] emission interval (µs, rounded up so rounding never speeds up)
 * ARGV[2] tolerance (µs, rounded down)
 * ARGV[3] the rule's window (ms): how long an idle bucket is kept
 * ARGV[4] latest `tat` this caller saw (µs, 0 if none): if Redis lost its data (restart without
 *         persistence), slots already handed out are not handed out again
 * ARGV[5] latest pause this caller knows of (µs, 0 if none): same reason
 *
 * Returns { wait µs, sendAt µs, next tat µs }.
 */
export const acquireScript: LuaScript = script(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local state = redis.call('HMGET', KEYS[1], 'tat', 'pause')
local tat = math.max(tonumber(state[1]) or 0, tonumber(ARGV[4]))
local pause = math.max(tonumber(state[2]) or 0, tonumber(ARGV[5]))
local sendAt = math.max(now, tat - tonumber(ARGV[2]), pause)
local nextTat = math.max(tat, sendAt) + tonumber(ARGV[1])
redis.call('HSET', KEYS[1], 'tat', string.format('%.0f', nextTat), 'pause', string.format('%.0f', pause))
local keepMs = math.ceil((math.max(nextTat, pause) - now) / 1000) + tonumber(ARGV[3])
redis.call('PEXPIRE', KEYS[1], keepMs)
return { sendAt - now, sendAt, nextTat }
`);

/**
 * Raises the bucket's pause to ARGV[1] (µs epoch) if it is later than the current one, keeping
 * the hash at least until the pause ends.
 *
 * Returns the pause in force (µs).
 */
export const pauseScript: LuaScript = script(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local pause = math.max(tonumber(redis.call('HGET', KEYS[1], 'pause')) or 0, tonumber(ARGV[1]))
redis.call('HSET', KEYS[1], 'pause', string.format('%.0f', pause))
local keepMs = math.ceil((pause - now) / 1000) + 1000
if redis.call('PTTL', KEYS[1]) < keepMs then
  redis.call('PEXPIRE', KEYS[1], keepMs)
end
return pause
`);
