import { setTimeout as sleep } from "node:timers/promises";
import { operationMetadata } from "@braze-subscriptions/client";
import {
  type BrazeFake,
  type BrazeFakeOptions,
  startBrazeFake,
} from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createBrazeRuntime } from "../src/index.js";
import { FOREIGN_PATH, sendForeignRequest, startForeignClient } from "./support/foreign-client.js";
import { maxInAnyWindow } from "./support/windows.js";

const API_KEY = "test-key-budget";
const cap = operationMetadata.setSubscriptionStatus.requestBody.listFields.external_id.maxItems;
const LIMIT = 20;
const INTERVAL_MS = 1000;

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A job of `requests` full requests through the runtime's defaults, told the fake's limit. */
async function job(
  requests: number,
  rateLimit: Exclude<BrazeFakeOptions["rateLimit"], false | undefined>,
  share?: number,
  options: {
    latencyMs?: number;
    told?: { limit: number; intervalMs: number };
    /** How far the fake's clock is ahead of this machine's (below 0: behind). */
    serverClockMs?: number;
    /** Start the job this long after one of the fake's windows turned (default: any time). */
    startPhaseMs?: number;
    /**
     * Another service was already sending: from this long after that window turned, before
     * the job, one write of its own starts the fake's simulated consumer (default: the
     * consumer starts with the job's first write).
     */
    othersFromPhaseMs?: number;
  } = {},
) {
  const serverClockMs = options.serverClockMs ?? 0;
  fake = await startBrazeFake({
    apiKeys: [API_KEY],
    rateLimit,
    logBodies: false,
    latencyMs: options.latencyMs ?? 0,
    ...(serverClockMs === 0 ? {} : { now: () => Date.now() + serverClockMs }),
  });
  const intervalMs = rateLimit.intervalMs ?? INTERVAL_MS;
  /** Waits until `phaseMs` after a turn of the fake's windows (on its clock). */
  const untilPhase = (phaseMs: number) => {
    const phase = (((Date.now() + serverClockMs) % intervalMs) + intervalMs) % intervalMs;
    return sleep((phaseMs - phase + intervalMs) % intervalMs);
  };
  if (options.othersFromPhaseMs !== undefined) {
    await untilPhase(options.othersFromPhaseMs);
    await sendForeignRequest(fake.url, API_KEY);
  }
  if (options.startPhaseMs !== undefined) await untilPhase(options.startPhaseMs);
  const braze = createBrazeRuntime({
    apiKey: API_KEY,
    baseUrl: fake.url,
    rateLimit: {
      ...(options.told ?? { limit: LIMIT, intervalMs: rateLimit.intervalMs ?? INTERVAL_MS }),
      ...(share === undefined ? {} : { share }),
    },
  });
  const result = await braze.setStatus({
    subscriptionGroupId: "g",
    state: "subscribed",
    externalIds: Array.from({ length: requests * cap }, (_, i) => `budget-${i}`),
  });
  await braze.close();
  expect(result.succeeded).toBe(requests * cap);
  // Writes only: the job's preflight read is a GET on the read budget.
  const writes = fake.requests.filter((r) => r.method === "POST" && r.path !== FOREIGN_PATH);
  const accepted = writes.filter((r) => r.status !== 429).map((r) => r.time);
  const refusedAt = writes.filter((r) => r.status === 429).map((r) => r.time);
  return { accepted, refusedAt, tooMany: refusedAt.length, fake };
}

/** Requests per fixed window (aligned to the interval), in order. */
function perFixedWindow(times: number[], intervalMs = INTERVAL_MS): number[] {
  const counts = new Map<number, number>();
  for (const t of times) {
    const w = Math.floor(t / intervalMs);
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  return [...counts.keys()].sort((a, b) => a - b).map((w) => counts.get(w) as number);
}

describe("the budget against the Braze fake", () => {
  it("spends a free window's budget at once (sliding window: no 429, never over the limit)", async () => {
    // A longer window here, so that a busy machine cannot blur burst and pace.
    const intervalMs = 3000;
    const { accepted, tooMany } = await job(LIMIT + 5, {
      limit: LIMIT,
      intervalMs,
      window: "sliding",
    });
    expect(tooMany).toBe(0);
    expect(maxInAnyWindow(accepted, intervalMs)).toBeLessThanOrEqual(LIMIT);
    // Even pacing (the old limiter) spreads the first 20 over the whole 3 s.
    const first = accepted.slice(0, LIMIT);
    expect((first.at(-1) as number) - (first[0] as number)).toBeLessThan(intervalMs / 3);
  });

  it("never probes a sliding window's reset with a slot the log already reused (150 ms away: no 429)", async () => {
    // The fake's Reset is in whole seconds: by then the log has reused the slots the window
    // freed, and a probe on top of them was one request too many.
    const limit = 10;
    const { accepted, tooMany } = await job(
      6 * limit,
      { limit, intervalMs: INTERVAL_MS, window: "sliding" },
      undefined,
      { latencyMs: 150, told: { limit, intervalMs: INTERVAL_MS } },
    );
    expect(tooMany).toBe(0);
    expect(maxInAnyWindow(accepted, INTERVAL_MS)).toBeLessThanOrEqual(limit);
  });

  it("takes the server's X-RateLimit-Limit when it is below the rule it was told: no 429 storm", async () => {
    // Told four times the server's budget (the CLI's job-page faults run): without the
    // server's limit, the log sent a told window's worth at every turn and most got a 429.
    const { accepted, tooMany } = await job(
      4 * LIMIT,
      { limit: LIMIT / 2, intervalMs: INTERVAL_MS / 2, window: "fixed" },
      undefined,
      { told: { limit: 4 * LIMIT, intervalMs: INTERVAL_MS } },
    );
    expect(tooMany).toBeLessThanOrEqual(1);
    expect(Math.max(...perFixedWindow(accepted, INTERVAL_MS / 2))).toBeLessThanOrEqual(LIMIT / 2);
  });

  it("follows fixed windows: each new window's budget is spent when it opens, with no 429", async () => {
    const { accepted, tooMany } = await job(2 * LIMIT + 5, {
      limit: LIMIT,
      intervalMs: INTERVAL_MS,
      window: "fixed",
    });
    expect(tooMany).toBe(0);
    const windows = perFixedWindow(accepted);
    expect(Math.max(...windows)).toBeLessThanOrEqual(LIMIT);
    // A whole window's budget was spent (even pacing at 0.98 of the limit never fills one).
    expect(windows).toContain(LIMIT);
  });

  it("leaves a foreign consumer its share: at most one 429 per window", async () => {
    const { accepted, tooMany } = await job(3 * LIMIT, {
      limit: LIMIT,
      intervalMs: INTERVAL_MS,
      window: "fixed",
      foreignShare: 0.4,
    });
    const windows = perFixedWindow(accepted).length;
    expect(tooMany).toBeLessThanOrEqual(windows);
  });

  it("leaves a foreign consumer its share though the server's clock is 50 ms behind, and sits out no window", async () => {
    // Read on this clock, every reset is 50 ms early: the reset's probe is counted in the
    // window it follows. Dropped as a word about a window that is over, it still counted as
    // the probe, and the job sat out a window; then, its estimate of the other forgotten, it
    // spent the next one whole.
    // The other service was sending before the job started, mid-window. A consumer that starts
    // with the job, spread over the window, is never seen by a job quick enough to take each
    // window whole as it opens (its refusals never show; 1 in 13 idle runs of a random start,
    // and a fresh-clone CI run with the job started 300 ms in: the runtime README's known
    // gaps). That is not what this test measures.
    const { accepted, tooMany } = await job(
      4 * LIMIT,
      { limit: LIMIT, intervalMs: INTERVAL_MS, window: "fixed", foreignShare: 0.4 },
      undefined,
      { serverClockMs: -50, othersFromPhaseMs: 10, startPhaseMs: 300 },
    );
    // The fake logs its own clock: its windows are aligned there.
    const windows = perFixedWindow(accepted);
    const spanned =
      Math.floor((accepted.at(-1) as number) / INTERVAL_MS) -
      Math.floor((accepted[0] as number) / INTERVAL_MS) +
      1;
    expect(windows).toHaveLength(spanned);
    // Each reset's probe may still land a little early (the lag is learned from below): one
    // 429 a window, and the first window's two that the job meets with the clocks agreed too
    // (before: 10–22 in 8–9 windows, one or two of them sat out).
    expect(tooMany).toBeLessThanOrEqual(windows.length + 2);
    expect(fake?.core.foreignTraffic.refused).toBeLessThanOrEqual(2 * windows.length);
  });

  it("learns what a foreign consumer needs within a few windows, then leaves it that and takes the rest", async () => {
    // 50 per window, 20 of them the foreign consumer's, evenly spread. A job that takes a
    // window's whole budget when it opens leaves it one or two, and never sees the rest of
    // its requests refused; the late word of each window sees what it drew, or that it
    // wanted more. (Limits this small make the margin left to it, 2 requests, count.)
    const limit = 50;
    const foreign = 0.4 * limit;
    const {
      accepted,
      refusedAt,
      fake: used,
    } = await job(
      12 * (limit - foreign),
      { limit, intervalMs: INTERVAL_MS, window: "fixed", foreignShare: 0.4 },
      undefined,
      { told: { limit, intervalMs: INTERVAL_MS } },
    );
    const first = Math.floor((accepted[0] as number) / INTERVAL_MS);
    const windowOf = (t: number) => Math.floor(t / INTERVAL_MS) - first;
    const last = windowOf(accepted.at(-1) as number);
    // The first windows learn (a window that opens with nothing known cannot know). After
    // them: at most one 429 per window, and the job gets over 0.9 of what the other leaves.
    const LEARNING = 4;
    const tooManyIn = new Map<number, number>();
    for (const t of refusedAt) tooManyIn.set(windowOf(t), (tooManyIn.get(windowOf(t)) ?? 0) + 1);
    for (const [w, n] of tooManyIn) {
      if (w >= LEARNING) expect(n, `429s in window ${w}`).toBeLessThanOrEqual(1);
    }
    // Whole windows only: the last one holds what was left of the job.
    const settled = accepted.filter((t) => windowOf(t) >= LEARNING && windowOf(t) < last);
    const windows = last - LEARNING;
    expect(windows).toBeGreaterThanOrEqual(4);
    expect(settled.length).toBeGreaterThanOrEqual(0.9 * (limit - foreign) * windows);
    // The foreign consumer: refused while the job learned, about never after.
    expect(used.core.foreignTraffic.refused).toBeLessThanOrEqual(LEARNING * foreign + windows);
  });

  it("keeps to rateLimit.share of each window", async () => {
    const {
      accepted,
      tooMany,
      fake: used,
    } = await job(
      LIMIT,
      { limit: LIMIT, intervalMs: INTERVAL_MS, window: "fixed", foreignShare: 0.4 },
      0.6,
    );
    expect(tooMany).toBe(0);
    expect(maxInAnyWindow(accepted, INTERVAL_MS)).toBeLessThanOrEqual(0.6 * LIMIT);
    expect(used.core.foreignTraffic.refused).toBe(0);
  });

  it("leaves a consumer that spends its part in a burst as each window opens that part, once learned", async () => {
    // Another service sends its 40 of 100 all at once, just after each window opens (a cron
    // job's batch). After the first windows: at most one 429 per window, and the other is about
    // never refused. The job gets 0.90 of the 60 it leaves (54 a window, also with a busy loop
    // on the other core: 48-51 while a slow answer could send the late word early), not the
    // 0.95 it gets beside an even consumer: the late word measures 40 over nine tenths of the
    // window and the reserve spreads that rate over the whole next one (44 for 40), then adds
    // the margin. The bound below holds that, and fails if the job starves or is starved.
    const limit = 100;
    const theirs = 0.4 * limit;
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: { limit, intervalMs: INTERVAL_MS, window: "fixed" },
      logBodies: false,
      maxLogEntries: 10_000,
    });
    const other = startForeignClient({
      url: fake.url,
      apiKey: API_KEY,
      perWindow: theirs,
      intervalMs: INTERVAL_MS,
      spacing: "burst",
      burstDelayMs: 5,
    });
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      rateLimit: { limit, intervalMs: INTERVAL_MS },
    });
    const requests = 8 * (limit - theirs);
    const result = await braze.setStatus({
      subscriptionGroupId: "g",
      state: "subscribed",
      externalIds: Array.from({ length: requests * cap }, (_, i) => `burst-${i}`),
    });
    await other.stop();
    await braze.close();
    expect(result.succeeded).toBe(requests * cap);
    const posts = fake.requests.filter((r) => r.method === "POST");
    const mine = posts.filter((r) => r.path !== FOREIGN_PATH);
    const first = Math.floor((mine[0]?.time as number) / INTERVAL_MS);
    const windowOf = (t: number) => Math.floor(t / INTERVAL_MS) - first;
    const last = windowOf(mine.at(-1)?.time as number);
    const LEARNING = 3;
    const settled = (w: number) => w >= LEARNING && w < last;
    const windows = last - LEARNING;
    expect(windows).toBeGreaterThanOrEqual(4);
    const tooManyIn = new Map<number, number>();
    for (const r of mine.filter((m) => m.status === 429 && windowOf(m.time) >= LEARNING)) {
      tooManyIn.set(windowOf(r.time), (tooManyIn.get(windowOf(r.time)) ?? 0) + 1);
    }
    for (const [w, n] of tooManyIn) expect(n, `429s in window ${w}`).toBeLessThanOrEqual(1);
    const got = mine.filter((r) => r.status !== 429 && settled(windowOf(r.time))).length;
    expect(got).toBeGreaterThanOrEqual(0.85 * (limit - theirs) * windows);
    const theirsRefused = posts.filter(
      (r) => r.path === FOREIGN_PATH && r.status === 429 && settled(windowOf(r.time)),
    );
    expect(theirsRefused.length).toBeLessThanOrEqual(windows);
  });

  it("gets the whole budget back within two windows once a foreign consumer stops", async () => {
    // A real second client takes 40 % for the job's first windows, then stops. Learning it
    // raised the job's estimate of others (doubled when a late word found the window spent):
    // it must fall again, not hold the job near what the other left for good.
    const limit = 50;
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: { limit, intervalMs: INTERVAL_MS, window: "fixed" },
      logBodies: false,
    });
    const other = startForeignClient({
      url: fake.url,
      apiKey: API_KEY,
      perWindow: 0.4 * limit,
      intervalMs: INTERVAL_MS,
    });
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      rateLimit: { limit, intervalMs: INTERVAL_MS },
    });
    const stopping = new Promise<void>((resolve) =>
      setTimeout(() => other.stop().then(resolve), 3 * INTERVAL_MS),
    );
    const requests = 7 * limit;
    const result = await braze.setStatus({
      subscriptionGroupId: "g",
      state: "subscribed",
      externalIds: Array.from({ length: requests * cap }, (_, i) => `back-${i}`),
    });
    await stopping;
    await braze.close();
    expect(result.succeeded).toBe(requests * cap);
    const posts = fake.requests.filter((r) => r.method === "POST");
    const mine = posts.filter((r) => r.path !== FOREIGN_PATH);
    const theirs = posts.filter((r) => r.path === FOREIGN_PATH && r.status !== 429);
    const windowOf = (t: number) => Math.floor(t / INTERVAL_MS);
    const accepted = mine.filter((r) => r.status !== 429).map((r) => windowOf(r.time));
    const perWindow = (w: number) => accepted.filter((a) => a === w).length;
    const theirLast = windowOf(Math.max(...theirs.map((r) => r.time)));
    // While the other ran, the job left it room (it was seen): some window below the limit.
    const whileShared = [...new Set(accepted)].filter((w) => w < theirLast);
    expect(Math.min(...whileShared.map(perWindow))).toBeLessThanOrEqual(limit - 0.2 * limit);
    // Two windows after its last request, whole windows (the job's last holds its rest).
    const settled = [...new Set(accepted)].filter(
      (w) => w >= theirLast + 2 && w < windowOf(mine.at(-1)?.time as number),
    );
    expect(settled.length).toBeGreaterThanOrEqual(2);
    const got = settled.reduce((sum, w) => sum + perWindow(w), 0);
    expect(got).toBeGreaterThanOrEqual(0.9 * limit * settled.length);
    const refused = mine.filter((r) => r.status === 429 && windowOf(r.time) >= theirLast + 2);
    expect(refused.length).toBeLessThanOrEqual(settled.length + 1);
  });
});
