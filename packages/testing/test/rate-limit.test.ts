import { describe, expect, it } from "vitest";
import type { BrazeFake } from "../src/index.js";
import { body, operation, rateHeaders, send, specExample } from "./support/fake-requests.js";
import { startedFakes } from "./support/started-fakes.js";

const start = startedFakes();

// A hand-driven clock: the windows are about time, the transport stays real HTTP.
function manualClock(start: number) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

describe("rate limit", () => {
  it("defaults to the spec's x-rate-limit, fixed windows aligned to the clock", async () => {
    const { limit, intervalMs } = operation.rateLimit;
    const clock = manualClock(Date.UTC(2026, 0, 1, 12, 0, 0) + 1234);
    const fake = await start({ now: clock.now });
    const first = rateHeaders(await send(fake.url, body()));
    const second = rateHeaders(await send(fake.url, body()));
    const windowEnd = (Math.floor(clock.t / intervalMs) + 1) * intervalMs;
    expect(first).toEqual({ limit, remaining: limit - 1, reset: windowEnd / 1000 });
    expect(second).toEqual({ limit, remaining: limit - 2, reset: windowEnd / 1000 });
  });

  it("puts the headers on every response, and refuses with 429 over the limit without changing state", async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1, 12, 0, 0));
    const fake = await start({
      now: clock.now,
      rateLimit: { limit: 2, intervalMs: 10_000 },
      apiKeys: ["k"],
    });
    const responses = [
      await send(fake.url, body(), { key: "k" }),
      await send(fake.url, body(), { key: "wrong" }), // 401: not counted
      await send(fake.url, body(), { key: "k", path: "/nope" }), // 404: not counted
      await send(fake.url, body({ external_id: [] }), { key: "k" }), // 400: counted
      await send(fake.url, body({ external_id: ["late"] }), { key: "k" }), // 429
    ];
    expect(responses.map((r) => r.status)).toEqual([201, 401, 404, 400, 429]);
    expect(responses.map((r) => rateHeaders(r).remaining)).toEqual([1, 1, 1, 0, 0]);
    for (const response of responses) {
      expect(rateHeaders(response)).toMatchObject({ limit: 2, reset: clock.t / 1000 + 10 });
    }
    expect(await responses[4]?.json()).toEqual(specExample("TooManyRequests"));
    expect(fake.state.get("group-1", { externalId: "late" })).toBeUndefined();
  });

  it("fixed windows refill at the boundary; sliding ones do not", async () => {
    const start0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    const rateLimit = { limit: 3, intervalMs: 1000 };
    const fixedClock = manualClock(start0 + 900);
    const slidingClock = manualClock(start0 + 900);
    const fixed = await start({
      now: fixedClock.now,
      rateLimit: { ...rateLimit, window: "fixed" },
    });
    const sliding = await start({
      now: slidingClock.now,
      rateLimit: { ...rateLimit, window: "sliding" },
    });
    const burst = async (fake: BrazeFake) => {
      const out = [];
      for (let i = 0; i < 4; i++) out.push(await send(fake.url, body()));
      return out;
    };

    // Just before the boundary both spend the whole budget.
    const [fixedBefore, slidingBefore] = [await burst(fixed), await burst(sliding)];
    expect(fixedBefore.map((r) => r.status)).toEqual([201, 201, 201, 429]);
    expect(slidingBefore.map((r) => r.status)).toEqual([201, 201, 201, 429]);
    expect(rateHeaders(fixedBefore[3] as Response).reset).toBe((start0 + 1000) / 1000);
    expect(rateHeaders(slidingBefore[3] as Response).reset).toBe(Math.ceil((start0 + 1900) / 1000));

    // 100 ms later a fixed window has turned: a fresh budget. The sliding log still holds 3.
    fixedClock.t = slidingClock.t = start0 + 1000;
    expect((await burst(fixed)).map((r) => r.status)).toEqual([201, 201, 201, 429]);
    const slidingAfter = await send(sliding.url, body());
    expect(slidingAfter.status).toBe(429);
    expect(rateHeaders(slidingAfter)).toEqual({
      limit: 3,
      remaining: 0,
      reset: Math.ceil((start0 + 1900) / 1000),
    });

    // Once the first requests leave the sliding span, the budget comes back.
    slidingClock.t = start0 + 1900;
    const back = await send(sliding.url, body());
    expect(back.status).toBe(201);
    expect(rateHeaders(back).remaining).toBe(2);
  });

  it("shares a fixed window with a simulated foreign consumer taking its share", async () => {
    const start0 = Date.UTC(2026, 0, 1, 12, 0, 0);
    const clock = manualClock(start0);
    const fake = await start({
      now: clock.now,
      rateLimit: { limit: 10, intervalMs: 1000, window: "fixed", foreignShare: 0.4 },
    });
    // 4 foreign requests per second, 250 ms apart from 125 ms after the first request seen.
    const first = await send(fake.url, body());
    expect(rateHeaders(first).remaining).toBe(9);
    clock.t = start0 + 500; // foreign requests at 125 and 375 have been counted
    expect(rateHeaders(await send(fake.url, body())).remaining).toBe(6);
    expect(fake.core.foreignTraffic).toEqual({ accepted: 2, refused: 0 });
    // Spend the rest now: the foreign requests at 625 and 875 find the window full.
    for (let i = 0; i < 6; i++) expect((await send(fake.url, body())).status).toBe(201);
    clock.t = start0 + 999;
    const refused = await send(fake.url, body());
    expect(refused.status).toBe(429);
    expect(fake.core.foreignTraffic).toEqual({ accepted: 2, refused: 2 });
    // The next window: the foreign consumer's request at 1125 counts before ours at 1200.
    clock.t = start0 + 1200;
    const next = await send(fake.url, body());
    expect(rateHeaders(next)).toEqual({ limit: 10, remaining: 8, reset: start0 / 1000 + 2 });
    expect(fake.core.foreignTraffic).toEqual({ accepted: 3, refused: 2 });
  });

  it("rounds X-RateLimit-Reset up to whole epoch seconds", async () => {
    const clock = manualClock(Date.UTC(2026, 0, 1) + 100);
    const fake = await start({
      now: clock.now,
      rateLimit: { limit: 5, intervalMs: 1500, window: "sliding" },
    });
    const response = await send(fake.url, body());
    expect(rateHeaders(response).reset).toBe(Math.ceil((clock.t + 1500) / 1000));
  });

  it("is off, without headers, with rateLimit: false", async () => {
    const off = await start({ rateLimit: false });
    const response = await send(off.url, body());
    expect(response.status).toBe(201);
    expect(response.headers.get("x-ratelimit-limit")).toBeNull();
  });

  it("reset() refills the budget", async () => {
    const fake = await start({ rateLimit: { limit: 1 } });
    expect((await send(fake.url, body())).status).toBe(201);
    expect((await send(fake.url, body())).status).toBe(429);
    fake.reset();
    expect((await send(fake.url, body())).status).toBe(201);
  });
});
