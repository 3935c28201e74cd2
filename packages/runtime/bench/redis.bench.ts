// Benchmark of the Redis limiter store (not a test: prints numbers). Starts its own
// redis-server on a free port (redis-server must be on PATH) and measures, in the same run:
//  1. Latency of one acquisition, one at a time: in-memory store vs Redis store, as a ratio
//     and as the time Redis adds.
//  2. Acquisitions per second with 64 in flight: from one process, and from four processes
//     sharing one key (the multi-process case the store exists for).
//  3. One request's round trip through the runtime to the local Braze fake, one at a time,
//     with each store: the latency the Redis store adds to a request, as a ratio.
// Rules are far above the achieved rates, so no acquisition waits: what is measured is the
// store's own cost.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startRedisServer } from "@braze-subscriptions/redis-server";
import { startBrazeFake } from "@braze-subscriptions/testing";
import { createBrazeRuntime, type LimiterStore, MemoryLimiterStore } from "../src/index.js";
import { RedisLimiterStore } from "../src/redis/index.js";

const OPEN_RULE = { limit: 1e9, intervalMs: 1000 };
const CONCURRENCY = 64;
const PROCESSES = 4;

async function sequentialLatency(store: LimiterStore, key: string, count: number) {
  for (let i = 0; i < Math.min(2000, count); i++) await store.acquire(`${key}:warm`, OPEN_RULE);
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const t = process.hrtime.bigint();
    await store.acquire(key, OPEN_RULE);
    samples[i] = Number(process.hrtime.bigint() - t) / 1000;
  }
  samples.sort();
  const mean = samples.reduce((a, b) => a + b, 0) / count;
  return {
    meanUs: mean,
    p50Us: samples[count >> 1] as number,
    p99Us: samples[Math.floor(count * 0.99)] as number,
  };
}

async function concurrentRate(store: LimiterStore, key: string, count: number) {
  let left = count;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (left > 0) {
        left--;
        await store.acquire(key, OPEN_RULE);
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

async function fourProcesses(url: string, perProcess: number) {
  const script = fileURLToPath(new URL("./redis-bench-worker.ts", import.meta.url));
  const children = Array.from({ length: PROCESSES }, () =>
    spawn(process.execPath, ["--import", "tsx", script], {
      env: {
        ...process.env,
        REDIS_BENCH_CONFIG: JSON.stringify({
          url,
          key: "bench:shared",
          count: perProcess,
          concurrency: CONCURRENCY,
        }),
      },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    }),
  );
  const next = () =>
    Promise.all(
      children.map((child) => new Promise<unknown>((resolve) => child.once("message", resolve))),
    );
  await next();
  const results = next();
  for (const child of children) child.send("go");
  const reports = (await results) as { startedAt: number; endedAt: number; count: number }[];
  const from = Math.min(...reports.map((r) => r.startedAt));
  const to = Math.max(...reports.map((r) => r.endedAt));
  return (PROCESSES * perProcess) / ((to - from) / 1000);
}

async function requestRoundTrip(store: LimiterStore, fakeUrl: string, requests: number) {
  const braze = createBrazeRuntime({
    apiKey: "bench-key",
    baseUrl: fakeUrl,
    concurrency: 1,
    rateLimit: { ...OPEN_RULE, store, namespace: `bench-${Math.random()}` },
  });
  const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
  await braze.setStatus({
    subscriptionGroupId: "bench",
    state: "subscribed",
    externalIds: ids(50 * 50, "warm"),
  });
  const started = performance.now();
  await braze.setStatus({
    subscriptionGroupId: "bench",
    state: "subscribed",
    externalIds: ids(50 * requests, "r"),
  });
  const meanMs = (performance.now() - started) / requests;
  await braze.close();
  return meanMs;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1] as number;
}

const redis = await startRedisServer();
const fake = await startBrazeFake({
  apiKeys: ["bench-key"],
  rateLimit: false,
  logBodies: false,
  maxLogEntries: 0,
});
const memory = new MemoryLimiterStore();
const shared = new RedisLimiterStore({ url: redis.url });
await shared.ready(10_000);
try {
  const memLatency = await sequentialLatency(memory, "bench:memory", 20_000);
  const redisLatency = await sequentialLatency(shared, "bench:sequential", 10_000);
  const memRate = await concurrentRate(memory, "bench:memory-rate", 200_000);
  const oneProcess = await concurrentRate(shared, "bench:one", 50_000);
  const fourProcessRate = await fourProcesses(redis.url, 25_000);
  // Alternating rounds, median of each, so a burst of load elsewhere does not pick a winner.
  const memRounds: number[] = [];
  const redisRounds: number[] = [];
  for (let round = 0; round < 3; round++) {
    memRounds.push(await requestRoundTrip(memory, fake.url, 300));
    redisRounds.push(await requestRoundTrip(shared, fake.url, 300));
  }
  const memRequest = median(memRounds);
  const redisRequest = median(redisRounds);

  const us = (n: number) => `${n.toFixed(1)} µs`;
  const perSec = (n: number) => `${Math.round(n).toLocaleString("en-US")}/s`;
  console.log("Redis limiter store benchmark (redis-server on 127.0.0.1, same run)\n");
  console.log("1. one acquisition at a time");
  console.log(
    `   in-memory: mean ${us(memLatency.meanUs)}, p50 ${us(memLatency.p50Us)}, p99 ${us(memLatency.p99Us)}`,
  );
  console.log(
    `   Redis:     mean ${us(redisLatency.meanUs)}, p50 ${us(redisLatency.p50Us)}, p99 ${us(redisLatency.p99Us)}`,
  );
  console.log(
    `   Redis adds ${us(redisLatency.meanUs - memLatency.meanUs)} per acquisition ` +
      `(ratio Redis/in-memory ${(redisLatency.meanUs / memLatency.meanUs).toFixed(0)}x)`,
  );
  console.log(`2. acquisitions per second, ${CONCURRENCY} in flight per process`);
  console.log(`   in-memory, one process: ${perSec(memRate)}`);
  console.log(`   Redis, one process:     ${perSec(oneProcess)}`);
  console.log(
    `   Redis, ${PROCESSES} processes:   ${perSec(fourProcessRate)} in total ` +
      `(${(fourProcessRate / oneProcess).toFixed(2)}x one process)`,
  );
  console.log("3. one request through the runtime to the local Braze fake, one at a time");
  console.log(`   in-memory store: ${memRequest.toFixed(3)} ms per request`);
  console.log(`   Redis store:     ${redisRequest.toFixed(3)} ms per request`);
  console.log(
    `   Redis adds ${(redisRequest - memRequest).toFixed(3)} ms per request ` +
      `(ratio ${(redisRequest / memRequest).toFixed(2)}x)`,
  );
} finally {
  await shared.close();
  await fake.close();
  await redis.stop();
}
