// One process of the four-process Redis benchmark: connects, says "ready", and on "go" takes
// `count` slots with `concurrency` acquisitions in flight, then reports when it started and
// ended (epoch ms) over IPC.
import { RedisLimiterStore } from "../src/redis/index.js";

interface Config {
  url: string;
  key: string;
  count: number;
  concurrency: number;
}

const config = JSON.parse(process.env.REDIS_BENCH_CONFIG ?? "{}") as Config;
const store = new RedisLimiterStore({ url: config.url });
await store.ready(30_000);
// Warm the connection and the script cache so the timed part is steady state.
for (let i = 0; i < 200; i++)
  await store.acquire(`${config.key}:warm`, { limit: 1e9, intervalMs: 1000 });

await new Promise((resolve) => {
  process.once("message", resolve);
  process.send?.("ready");
});
const startedAt = Date.now();
let left = config.count;
await Promise.all(
  Array.from({ length: config.concurrency }, async () => {
    while (left > 0) {
      left--;
      await store.acquire(config.key, { limit: 1e9, intervalMs: 1000 });
    }
  }),
);
const endedAt = Date.now();
await store.close();
process.send?.({ startedAt, endedAt, count: config.count });
process.disconnect?.();
