import { request as httpRequest } from "node:http";
import { operationMetadata } from "@braze-subscriptions/client";
import { uniformFloat64 } from "pure-rand/distribution/uniformFloat64";
import { mersenne } from "pure-rand/generator/mersenne";
import { describe, expect, it } from "vitest";
import { FaultPlan } from "../src/core/faults.js";
import type { BrazeFake } from "../src/index.js";
import { body, KEY, PATH, rateHeaders, send, specExample } from "./support/fake-requests.js";
import { startedFakes } from "./support/started-fakes.js";

const start = startedFakes();

// The status of each of `n` sequential requests; 0 for a connection that failed.
async function statuses(fake: BrazeFake, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    try {
      out.push((await send(fake.url, body({ external_id: [`u${i}`] }))).status);
    } catch {
      out.push(0);
    }
  }
  return out;
}

describe("faults", () => {
  it.each([
    ["500", "Internal Server Error"],
    ["503", "Service Unavailable"],
    ["504", "Gateway Timeout"],
  ] as const)(
    "answers %s with a JSON body, rate-limit headers and no state change",
    async (kind, message) => {
      const fake = await start({ faults: { rates: { [kind]: 1 } } });
      const response = await send(fake.url, body());
      expect(response.status).toBe(Number(kind));
      expect(response.headers.get("content-type")).toBe("application/json");
      expect(await response.json()).toEqual({ message });
      expect(rateHeaders(response).limit).toBeGreaterThan(0);
      expect(fake.state.size).toBe(0);
      expect(fake.requests[0]).toMatchObject({
        status: Number(kind),
        fault: kind,
        identifierCount: 1,
      });
    },
  );

  it("a 400 fault refuses a valid request after auth and the rate limit, spending budget, changing nothing", async () => {
    const fake = await start({ apiKeys: [KEY], faults: { rates: { "400": 1 } } });
    const refused = await send(fake.url, body());
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ message: "Bad Request" });
    const { limit, remaining } = rateHeaders(refused);
    expect(remaining).toBe(limit - 1);
    expect(fake.state.size).toBe(0);
    expect(fake.requests[0]).toMatchObject({ status: 400, fault: "400" });
    // Auth still comes first: a wrong key is a 401, not the fault.
    expect((await send(fake.url, body(), { key: "other" })).status).toBe(401);
  });

  it("a 400 fault drawn for a read leaves it alone, and logs no fault (the answer had none)", async () => {
    const fake = await start({ faults: { rates: { "400": 1 } } });
    const read = operationMetadata.getSubscriptionStatus;
    const response = await send(fake.url, undefined, {
      method: read.method,
      path: `${read.path}?subscription_group_id=group-1&external_id=u1`,
    });
    expect(response.status).toBe(200);
    expect(fake.requests.map((entry) => [entry.status, entry.fault])).toEqual([[200, undefined]]);
  });

  it.each(["400", "429"] as const)(
    "a %s fault is logged only on requests it answered, not on ones refused before it",
    async (kind) => {
      const fake = await start({ apiKeys: [KEY], faults: { rates: { [kind]: 1 } } });
      expect((await send(fake.url, body(), { key: "other" })).status).toBe(401);
      expect((await send(fake.url, body({ external_id: [] }))).status).toBe(
        kind === "400" ? 400 : 429,
      );
      expect(fake.requests.map((entry) => [entry.status, entry.fault])).toEqual([
        [401, undefined],
        kind === "400" ? [400, undefined] : [429, "429"],
      ]);
    },
  );

  it("unknownGroups: every valid request for those groups gets the same 400; other groups work", async () => {
    const fake = await start({ faults: { unknownGroups: ["gone"] } });
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const response = await send(fake.url, body({ subscription_group_id: "gone" }));
      answers.push([response.status, await response.json()]);
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]?.[0]).toBe(400);
    expect(answers[0]?.[1]).toMatchObject({
      message: expect.stringMatching(/subscription_group_id/),
    });
    expect((await send(fake.url, body({ subscription_group_id: "here" }))).status).toBe(201);
    expect(fake.state.size).toBe(1);
    expect(() => fake.setFaults({ unknownGroups: "gone" as unknown as string[] })).toThrow(
      /faults\.unknownGroups/,
    );
  });

  it("answers 502 with a proxy's HTML page", async () => {
    const fake = await start({ faults: { rates: { 502: 1 } } });
    const response = await send(fake.url, body());
    expect(response.status).toBe(502);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const text = await response.text();
    expect(text).toMatch(/^<html>.*502 Bad Gateway/);
    expect(() => JSON.parse(text)).toThrow();
    expect(fake.state.size).toBe(0);
  });

  it.each([
    ["html-200", 200, /^text\/html/, /<title>Sign in<\/title>/],
    ["empty-201", 201, /^application\/json$/, /^$/],
    ["truncated-201", 201, /^application\/json$/, /^\{"message"$/],
    ["error-200", 200, /^application\/json$/, /^\{"message":"error"\}$/],
  ] as const)(
    "%s: a false success with status %i that applies nothing and spends no budget",
    async (kind, status, type, text) => {
      const fake = await start({ faults: { rates: { [kind]: 1 } } });
      const response = await send(fake.url, body());
      expect(response.status).toBe(status);
      expect(response.headers.get("content-type")).toMatch(type);
      expect(await response.text()).toMatch(text);
      expect(rateHeaders(response).remaining).toBe(rateHeaders(response).limit);
      expect(fake.state.size).toBe(0);
      expect(fake.requests[0]).toMatchObject({ status, fault: kind, identifierCount: 1 });
    },
  );

  it("resets the connection before any answer", async () => {
    const fake = await start({ faults: { rates: { reset: 1 } } });
    // node:http rather than fetch, to see the socket error itself.
    const error = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const url = new URL(PATH, fake.url);
      const req = httpRequest(
        url,
        { method: "POST", headers: { Authorization: `Bearer ${KEY}` } },
        () => reject(new Error("got a response")),
      );
      req.on("error", resolve);
      req.end(JSON.stringify(body()));
    });
    expect(error.code).toBe("ECONNRESET");
    await expect(send(fake.url, body())).rejects.toThrow(TypeError);
    expect(fake.state.size).toBe(0);
    expect(fake.requests.map((entry) => [entry.status, entry.fault])).toEqual([
      [0, "reset"],
      [0, "reset"],
    ]);
  });

  it("processes a timeout-fault request, then answers past the client's timeout", async () => {
    const fake = await start({ faults: { rates: { timeout: 1 }, timeoutDelayMs: 1500 } });
    const started = Date.now();
    await expect(send(fake.url, body(), { signal: AbortSignal.timeout(200) })).rejects.toThrow(
      /abort|timeout/i,
    );
    // Like a server that did the work and answered too late: the change is applied.
    expect(fake.state.get("group-1", { externalId: "user-1" })).toBe("unsubscribed");
    expect(fake.requests[0]).toMatchObject({ status: 201, fault: "timeout" });
    // A patient client does get the late answer.
    const late = await send(fake.url, body());
    expect(late.status).toBe(201);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1500);
  });

  it("answers 429 during a storm whatever the budget, with Reset at the storm's end", async () => {
    let t = Date.UTC(2026, 0, 1, 12, 0, 0);
    const fake = await start({
      now: () => t,
      faults: { storms: [{ startMs: 1000, durationMs: 2500, everyMs: 10_000 }] },
    });
    const before = await send(fake.url, body());
    expect(before.status).toBe(201);
    t += 1000;
    const during = await send(fake.url, body({ external_id: ["stormed"] }));
    expect(during.status).toBe(429);
    expect(rateHeaders(during).remaining).toBe(0);
    expect(rateHeaders(during).reset).toBe(Math.ceil((t + 2500) / 1000));
    expect(fake.state.get("group-1", { externalId: "stormed" })).toBeUndefined();
    t += 2500;
    expect((await send(fake.url, body())).status).toBe(201);
    t += 10_000 - 2500 + 100; // the storm comes back every 10 s
    expect((await send(fake.url, body())).status).toBe(429);
    expect(fake.requests.map((entry) => entry.fault)).toEqual([
      undefined,
      "storm",
      undefined,
      "storm",
    ]);
  });

  it("a 429 fault refuses at the rate limit whatever the budget, spending none, Reset the window's", async () => {
    const t = Date.UTC(2026, 0, 1, 12, 0, 0, 250);
    const fake = await start({
      apiKeys: [KEY],
      now: () => t,
      rateLimit: { limit: 10, intervalMs: 1000 },
      faults: { rates: { "429": 1 } },
    });
    const refused = await send(fake.url, body());
    expect(refused.status).toBe(429);
    expect(await refused.json()).toEqual(specExample("TooManyRequests"));
    expect(rateHeaders(refused)).toEqual({
      limit: 10,
      remaining: 0,
      reset: (t - 250 + 1000) / 1000,
    });
    expect(fake.state.size).toBe(0);
    expect(fake.requests[0]).toMatchObject({ status: 429, fault: "429" });
    // Auth still comes first: a wrong key is a 401, not the fault.
    expect((await send(fake.url, body(), { key: "other" })).status).toBe(401);
    // The refusals spent nothing: the window's whole budget is still there.
    fake.setFaults({});
    const accepted = await send(fake.url, body());
    expect(accepted.status).toBe(201);
    expect(rateHeaders(accepted).remaining).toBe(9);
  });

  it("answers no sooner than latencyMs", async () => {
    const fake = await start({ latencyMs: 300 });
    const started = performance.now();
    expect((await send(fake.url, body())).status).toBe(201);
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
  });

  it("draws the same faults for the same seed, and others for another seed", async () => {
    const faults = { rates: { 500: 0.2, 502: 0.1, 503: 0.1, reset: 0.1 } };
    const a = await statuses(await start({ faults: { ...faults, seed: 42 } }), 60);
    const b = await statuses(await start({ faults: { ...faults, seed: 42 } }), 60);
    const c = await statuses(await start({ faults: { ...faults, seed: 7 } }), 60);
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(new Set(a)).toEqual(new Set([0, 201, 500, 502, 503]));
  });

  it("restarts the sequence on reset() and takes new faults with setFaults()", async () => {
    const fake = await start({ faults: { seed: 3, rates: { 503: 0.5 } } });
    const first = await statuses(fake, 20);
    fake.reset();
    expect(await statuses(fake, 20)).toEqual(first);
    fake.setFaults({ rates: { 500: 1 } });
    expect(await statuses(fake, 3)).toEqual([500, 500, 500]);
    fake.setFaults();
    expect(await statuses(fake, 3)).toEqual([201, 201, 201]);
  });
});

describe("seeds", () => {
  const draws = (seed: number, n = 64) => {
    const plan = new FaultPlan(
      { seed, rates: { 500: 0.5 }, timeoutDelayMs: 0, storms: [], unknownGroups: new Set() },
      0,
    );
    return Array.from({ length: n }, () => plan.draw() ?? "-").join("");
  };

  it.each([
    ["0 and 2^32", 0, 2 ** 32],
    ["5 and 2^32 + 5", 5, 2 ** 32 + 5],
    ["-1 and 2^32 - 1", -1, 2 ** 32 - 1],
    ["-(2^31) and 2^31", -(2 ** 31), 2 ** 31],
    ["2^40 and 2^41 (same low 32 bits)", 2 ** 40, 2 ** 41],
    ["2^40 and -(2^40)", 2 ** 40, -(2 ** 40)],
    [
      "MAX_SAFE_INTEGER and it less 2^32",
      Number.MAX_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER - 2 ** 32,
    ],
    ["MIN_SAFE_INTEGER and MAX_SAFE_INTEGER", Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
  ])("%s give different sequences", (_, a, b) => {
    expect(draws(a)).not.toEqual(draws(b));
    // …and each its own, every time.
    expect(draws(a)).toEqual(draws(a));
  });

  it("32-bit seeds keep the sequences they always had (Mersenne Twister seeded with the seed)", () => {
    for (const seed of [1, 7, 42, -5, 2 ** 31 - 1, -(2 ** 31)]) {
      const rng = mersenne(seed);
      const expected = Array.from({ length: 64 }, () =>
        uniformFloat64(rng) < 0.5 ? "500" : "-",
      ).join("");
      expect(draws(seed)).toEqual(expected);
    }
  });

  it("a seed past 32 bits draws its own faults over HTTP too", async () => {
    const faults = { rates: { 500: 0.2, 503: 0.2 } };
    const small = await statuses(await start({ faults: { ...faults, seed: 42 } }), 40);
    const large = await statuses(await start({ faults: { ...faults, seed: 2 ** 32 + 42 } }), 40);
    expect(large).not.toEqual(small);
  });
});
