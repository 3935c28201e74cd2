import type { Redis } from "ioredis";
import { acquireScript, observeScript, pauseScript } from "../../../src/redis/budget-scripts.js";

/** The one place the budget's Lua reads the Redis server's clock. */
const SERVER_TIME = "redis.call('TIME')";
/** The same reply (`{ seconds, microseconds }`) from the two arguments the client appends. */
const TEST_TIME = "{ ARGV[#ARGV - 1], ARGV[#ARGV] }";

/**
 * The store's scripts with their one clock read replaced by the test's time. Everything else
 * (the store's arguments and replies, every line of Lua) is what production runs. Throws if a
 * script no longer reads the clock exactly once, so the seam cannot silently stop applying.
 */
const onTestClock = new Map(
  [acquireScript, observeScript, pauseScript].map((script) => {
    const reads = script.lua.split(SERVER_TIME).length - 1;
    if (reads !== 1) {
      throw new Error(`a budget script reads ${SERVER_TIME} ${reads} times; expected once`);
    }
    return [script.sha1, script.lua.replace(SERVER_TIME, TEST_TIME)];
  }),
);

/**
 * An ioredis client for `RedisLimiterStore({ client })` whose budget scripts run on `now()`
 * (epoch ms, the test's clock) instead of the Redis server's `TIME`, so the Redis store can be
 * driven step by step like the in-memory store. Redis cannot be given a fake clock, and the
 * store trusts no caller's clock: the time goes in as two extra script arguments, after the
 * store's own (each script reads its arguments by position, so extra ones are not seen).
 */
export function fakeClockClient(redis: Redis, now: () => number): Redis {
  const evalOnTestClock = (sha1: string, keys: number, ...args: (string | number)[]) => {
    const lua = onTestClock.get(sha1);
    if (lua === undefined) throw new Error(`not a budget script: ${sha1}`);
    const ms = now();
    const seconds = Math.floor(ms / 1000);
    const micros = Math.round((ms - seconds * 1000) * 1000);
    return redis.eval(lua, keys, ...args, seconds, micros);
  };
  const client = {
    get status() {
      return redis.status;
    },
    options: redis.options,
    connect: () => redis.connect(),
    once(event: "ready", listener: () => void) {
      redis.once(event, listener);
      return client;
    },
    ping: () => redis.ping(),
    evalsha: evalOnTestClock,
    eval: () => {
      throw new Error("the store sends EVAL only after NOSCRIPT, which EVALSHA here never answers");
    },
  };
  return client as unknown as Redis;
}
