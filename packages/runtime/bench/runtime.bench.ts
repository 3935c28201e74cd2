// Benchmarks of the runtime against the local Braze fake (not a test: prints numbers).
//  1. Rate limit kept: a fake limit scaled up (600 requests / 2 s, sliding window) and a
//     runtime that knows it: achieved requests/s ÷ limit, 429s seen, batch fill.
//  2. Overhead: no limit anywhere; the runtime's requests/s vs raw `fetch` sending the same
//     bodies with the same concurrency, measured in the same run, as a ratio.
import { operationMetadata } from "@braze-subscriptions/client";
import { startBrazeFake } from "@braze-subscriptions/testing";
import { createBrazeRuntime } from "../src/index.js";

const API_KEY = "bench-key";
const cap = operationMetadata.setSubscriptionStatus.requestBody.listFields.external_id.maxItems;
const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

async function rateLimitRun(limit: number, intervalMs: number, windows: number) {
  const fake = await startBrazeFake({
    apiKeys: [API_KEY],
    rateLimit: { limit, intervalMs, window: "sliding" },
    logBodies: false,
  });
  const braze = createBrazeRuntime({
    apiKey: API_KEY,
    baseUrl: fake.url,
    rateLimit: { limit, intervalMs },
  });
  const requests = limit * windows;
  const started = performance.now();
  const result = await braze.setStatus({
    subscriptionGroupId: "bench",
    state: "unsubscribed",
    externalIds: ids(requests * cap, "r"),
  });
  const elapsedMs = performance.now() - started;
  const log = fake.requests;
  const times = log.map((r) => r.time).sort((a, b) => a - b);
  const spanMs = (times.at(-1) as number) - (times[0] as number);
  const limitPerSec = (limit / intervalMs) * 1000;
  // n requests over a span hold n-1 gaps; comparing gaps per second with the limit is exact.
  const achieved = ((times.length - 1) / spanMs) * 1000;
  const fill = log.reduce((sum, r) => sum + r.identifierCount, 0) / (log.length * cap);
  await braze.close();
  await fake.close();
  return {
    limit: `${limit} / ${intervalMs} ms (sliding)`,
    requests: log.length,
    succeeded: result.succeeded,
    failed: result.failed,
    "achieved req/s": achieved.toFixed(1),
    "limit req/s": limitPerSec.toFixed(1),
    "achieved ÷ limit": (achieved / limitPerSec).toFixed(3),
    "wall-clock ÷ limit": (((log.length / elapsedMs) * 1000) / limitPerSec).toFixed(3),
    "429s seen": log.filter((r) => r.status === 429).length,
    "batch fill": fill.toFixed(3),
  };
}

async function overheadRun(requests: number, concurrency: number) {
  const fake = await startBrazeFake({
    apiKeys: [API_KEY],
    rateLimit: false,
    logBodies: false,
    maxLogEntries: 10,
  });
  const braze = createBrazeRuntime({
    apiKey: API_KEY,
    baseUrl: fake.url,
    concurrency,
    rateLimit: { limit: 1e9, intervalMs: 1000 },
  });
  const url = `${fake.url}${operationMetadata.setSubscriptionStatus.path}`;

  const cpu = { runtime: 0, raw: 0 };
  const runtime = async (round: number) => {
    const t = performance.now();
    const c = process.cpuUsage();
    const result = await braze.setStatus({
      subscriptionGroupId: "bench",
      state: "subscribed",
      externalIds: ids(requests * cap, `o${round}`),
    });
    if (result.succeeded !== requests * cap) throw new Error("runtime run lost identifiers");
    const used = process.cpuUsage(c);
    if (round >= 0) cpu.runtime += (used.user + used.system) / 1000;
    return (requests / (performance.now() - t)) * 1000;
  };
  const raw = async (round: number) => {
    const all = ids(requests * cap, `w${round}`);
    const t = performance.now();
    const c = process.cpuUsage();
    let next = 0;
    const worker = async () => {
      while (next < requests) {
        const i = next++;
        const response = await fetch(url, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${API_KEY}` },
          body: JSON.stringify({
            subscription_group_id: "bench",
            subscription_state: "subscribed",
            external_id: all.slice(i * cap, (i + 1) * cap),
          }),
        });
        await response.text();
        if (!response.ok) throw new Error(`raw fetch got ${response.status}`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const used = process.cpuUsage(c);
    if (round >= 0) cpu.raw += (used.user + used.system) / 1000;
    return (requests / (performance.now() - t)) * 1000;
  };

  await raw(-1); // warm-up of both paths (JIT, keep-alive sockets)
  await runtime(-1);
  const rawRates: number[] = [];
  const runtimeRates: number[] = [];
  for (let round = 0; round < 3; round++) {
    rawRates.push(await raw(round));
    runtimeRates.push(await runtime(round));
  }
  await braze.close();
  await fake.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[1] as number;
  return {
    requests,
    concurrency,
    "raw fetch req/s": median(rawRates).toFixed(0),
    "runtime req/s": median(runtimeRates).toFixed(0),
    "runtime ÷ raw": (median(runtimeRates) / median(rawRates)).toFixed(3),
    // CPU of the whole process (client and in-process fake) per request: robust to a busy machine.
    "raw CPU ms/req": (cpu.raw / (3 * requests)).toFixed(3),
    "runtime CPU ms/req": (cpu.runtime / (3 * requests)).toFixed(3),
  };
}

console.log("1. Rate limit kept (runtime knows the limit):");
// Timer and scheduling jitter (tens of ms on a busy machine) is a larger share of a short
// window, so a scaled-down window understates what a 60 s window achieves; both are shown.
console.table([await rateLimitRun(600, 2000, 3), await rateLimitRun(1500, 10_000, 2)]);
console.log("2. Overhead vs raw fetch (no limit, medians of 3 rounds):");
console.table([await overheadRun(2000, 16)]);
