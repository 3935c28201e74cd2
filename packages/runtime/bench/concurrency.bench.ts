// bench:concurrency — what the default `concurrency` costs a short job on the spec's own rule
// (not a test: prints).
//
// A job of one window's worth of full requests (the set bucket's limit and interval, and the
// list cap, read from the spec's metadata) against the local Braze fake, fixed window, 150 ms
// away, at several concurrency limits. Braze accepts the whole window at once, so the fastest
// any client is allowed is one round trip; at `c` in flight it is limit ÷ c. Each row prints
// the job's time, the perfect client's at the same concurrency (bench:budget's), their
// ratio, and the job's time ÷ the one round trip a client with no concurrency limit needs.
//
// BENCH_ROUNDS (default 1) rounds; medians printed. BENCH_LATENCY (default 150) ms.
// BENCH_CONCURRENCY=a,b,… overrides the limits swept.
import { operationMetadata } from "@braze-subscriptions/client";
import { startBrazeFake } from "@braze-subscriptions/testing";
import { createBrazeRuntime } from "../src/index.js";
import { DEFAULT_CONCURRENCY } from "../src/options/resolve-runtime-options.js";
import { loadAverages, median } from "./bench-stats.js";
import { fastestMs } from "./perfect-client.js";

const API_KEY = "bench-key";
const operation = operationMetadata.setSubscriptionStatus;
const { limit, intervalMs } = operation.rateLimit;
const cap = operation.requestBody.listFields.external_id.maxItems;
const rounds = Number(process.env.BENCH_ROUNDS ?? 1);
const latencyMs = Number(process.env.BENCH_LATENCY ?? 150);
const concurrencies = (process.env.BENCH_CONCURRENCY ?? "32,64,128,256,512").split(",").map(Number);

let batch = 0;

/** One window's worth of requests through the runtime at `concurrency`; its time in ms. */
async function job(concurrency: number): Promise<{ elapsedMs: number; startedAt: number }> {
  const fake = await startBrazeFake({
    apiKeys: [API_KEY],
    rateLimit: { limit, intervalMs, window: "fixed" },
    latencyMs,
    logBodies: false,
    maxLogEntries: 2 * limit,
  });
  const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url, concurrency });
  batch++;
  const ids = Array.from({ length: limit * cap }, (_, i) => `c${batch}-${i}`);
  const startedAt = Date.now();
  const started = performance.now();
  const result = await braze.setStatus({
    subscriptionGroupId: "bench",
    state: "unsubscribed",
    externalIds: ids,
  });
  const elapsedMs = performance.now() - started;
  const tooMany = fake.requests.filter((r) => r.status === 429).length;
  await braze.close();
  await fake.close();
  if (result.succeeded !== ids.length) throw new Error(`lost identifiers: ${result.failed} failed`);
  if (tooMany > 0) throw new Error(`${tooMany} 429s: the job did not fit the window`);
  return { elapsedMs, startedAt };
}

const loadAtStart = loadAverages();

const times = new Map<number, number[]>();
const perfect = new Map<number, number[]>();
for (let round = 1; round <= rounds; round++) {
  for (const concurrency of concurrencies) {
    const run = await job(concurrency);
    const best = fastestMs({
      requests: limit,
      latencyMs,
      server: { kind: "fixed", limit, intervalMs, foreignShare: 0, foreignFrom: run.startedAt },
      startAt: run.startedAt,
      concurrency,
    });
    times.set(concurrency, [...(times.get(concurrency) ?? []), run.elapsedMs]);
    perfect.set(concurrency, [...(perfect.get(concurrency) ?? []), best]);
    console.error(
      `round ${round}: concurrency ${concurrency}: ${Math.round(run.elapsedMs)} ms, perfect ${Math.round(best)} ms`,
    );
  }
}

console.log(
  `\nmedians of ${rounds} rounds: ${limit} requests of ${cap} ids (one window of ${limit} / ${intervalMs} ms), fixed window, ${latencyMs} ms away; default concurrency ${DEFAULT_CONCURRENCY}; load average at start ${loadAtStart}, at end ${loadAverages()}\n`,
);
console.log(
  "| concurrency | job | perfect client, same concurrency | ÷ perfect | ÷ one round trip |",
);
console.log("| --- | --- | --- | --- | --- |");
for (const concurrency of concurrencies) {
  const ms = median(times.get(concurrency) ?? []);
  const best = median(perfect.get(concurrency) ?? []);
  console.log(
    `| ${concurrency} | ${(ms / 1000).toFixed(2)} s | ${(best / 1000).toFixed(2)} s | ${(ms / best).toFixed(2)} | ${(ms / latencyMs).toFixed(1)} |`,
  );
}
