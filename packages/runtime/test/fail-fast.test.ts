import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  createBrazeRuntime,
  type Outcome,
  type PreflightCheck,
  type SetStatusResult,
  type SystematicFailureEvent,
} from "../src/index.js";
import { json, startScriptedServer } from "./support/scripted-server.js";

const API_KEY = "fail-fast-key-7d1e";
const BAD_GROUP = "group-that-does-not-exist";
const GOOD_GROUP = "group-that-exists";
const cap = operationMetadata.setSubscriptionStatus.requestBody.listFields.external_id.maxItems;

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const ids = (n: number, prefix = "user") => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);
/** Write requests only: the preflight read is a GET. */
const writes = () => (fake?.requests ?? []).filter((request) => request.method === "POST");
const sentIdentifiers = () => writes().reduce((sum, request) => sum + request.identifierCount, 0);

/** Every index of the input has exactly one outcome. */
function expectOneOutcomeEach(result: SetStatusResult, total: number): void {
  const indexes = (result.outcomes ?? []).map((o) => o.index).sort((a, b) => a - b);
  expect(indexes).toEqual(Array.from({ length: total }, (_, i) => i));
}

function runtime(
  options: Parameters<typeof createBrazeRuntime>[0] extends infer O ? Partial<O> : never = {},
) {
  return createBrazeRuntime({
    apiKey: API_KEY,
    baseUrl: fake?.url as string,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    // The fake runs without a limit here; the runtime's own (the spec's) would only slow tests.
    rateLimit: { limit: 100_000, intervalMs: 1_000 },
    ...options,
  });
}

describe("fail fast in bulk", () => {
  it("a wrong group, without the preflight read: 20,000 identifiers cost 2 requests, the rest end not_sent with the 400", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      faults: { unknownGroups: [BAD_GROUP] },
    });
    const events: SystematicFailureEvent[] = [];
    const braze = runtime({ concurrency: 16, onSystematicFailure: (e) => events.push(e) });
    const result = await braze.setStatus(
      { subscriptionGroupId: BAD_GROUP, state: "unsubscribed", externalIds: ids(20_000) },
      { preflight: false },
    );
    expect(fake.requests).toHaveLength(2);
    expect(result).toMatchObject({
      total: 20_000,
      valid: 20_000,
      failed: 2 * cap,
      notSent: 20_000 - 2 * cap,
      succeeded: 0,
      requests: 2,
      stopped: { reason: "systematic_failure", error: { status: 400, code: "http_400" } },
    });
    expectOneOutcomeEach(result, 20_000);
    const notSent = result.outcomes?.filter((o) => o.outcome === "not_sent") ?? [];
    expect(new Set(notSent.map((o) => JSON.stringify([o.reason, o.error])))).toEqual(
      new Set([JSON.stringify(["systematic_failure", result.stopped?.error])]),
    );
    expect(result.stopped?.error.message).toMatch(/subscription group/);
    expect(events).toEqual([
      {
        source: "bulk",
        subscriptionGroupId: BAD_GROUP,
        rule: "first_requests",
        requests: 2,
        error: result.stopped?.error,
      },
    ]);
    await braze.close();
  });

  it("a wrong key, without the preflight read: one request at concurrency 16, not one per slot", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: "not-the-key", baseUrl: fake.url, concurrency: 16 });
    const result = await braze.setStatus(
      { subscriptionGroupId: GOOD_GROUP, state: "subscribed", externalIds: ids(5_000) },
      { preflight: false },
    );
    expect(fake.requests).toHaveLength(1);
    expect(result).toMatchObject({
      failed: cap,
      notSent: 5_000 - cap,
      stopped: { reason: "systematic_failure", error: { status: 401, code: "http_401" } },
    });
    expectOneOutcomeEach(result, 5_000);
    await braze.close();
  });

  it("1 request in 20 refused with 400 does not stop the job: those fail, the rest succeed", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      faults: { seed: 20, rates: { "400": 0.05 } },
    });
    const braze = runtime({ concurrency: 8 });
    const result = await braze.setStatus({
      subscriptionGroupId: GOOD_GROUP,
      state: "subscribed",
      externalIds: ids(40_000),
    });
    const refused = writes().filter((r) => r.status === 400);
    expect(refused.length).toBeGreaterThan(20);
    expect(result.stopped).toBeUndefined();
    expect(result).toMatchObject({
      requests: 40_000 / cap,
      failed: refused.length * cap,
      succeeded: 40_000 - refused.length * cap,
      notSent: 0,
    });
    expect(
      result.outcomes
        ?.filter((o) => o.outcome === "failed")
        .every((o) => o.error.code === "http_400"),
    ).toBe(true);
    await braze.close();
  });

  it("stops under concurrency after K identical refusals: in-flight requests settle, nothing new leaves", async () => {
    const healthyRequests = 30;
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      latencyMs: 15,
      // The group "disappears" mid-job: from the 31st request on, every request is refused.
      onRequest: () => {
        if (writes().length === healthyRequests) fake?.setFaults({ unknownGroups: [GOOD_GROUP] });
      },
    });
    // Counted when a request leaves the client (the fake's arrival times lag on a busy machine).
    let stopped = false;
    let leftAfterStop = 0;
    const consecutive = 4;
    const braze = runtime({
      concurrency: 16,
      failFast: { consecutive },
      onSystematicFailure: () => {
        stopped = true;
      },
      onRequest: () => {
        if (stopped) leftAfterStop++;
      },
    });
    const result = await braze.setStatus({
      subscriptionGroupId: GOOD_GROUP,
      state: "subscribed",
      externalIds: ids(50_000),
    });
    expect(result.stopped).toMatchObject({ reason: "systematic_failure", error: { status: 400 } });
    // Every request the fake received was answered and reported: none was aborted or lost.
    expect(result.requests).toBe(writes().length);
    expect(result.succeeded + result.failed).toBe(result.requests * cap);
    expect(result.outcomes?.some((o) => o.outcome === "failed" && o.error.code === "aborted")).toBe(
      false,
    );
    // Requests in flight when it stopped (at most concurrency − 1 besides the K) settled …
    const refused = writes().filter((r) => r.status === 400).length;
    expect(refused).toBeGreaterThanOrEqual(consecutive);
    expect(refused).toBeLessThanOrEqual(consecutive + 16 - 1);
    // … and nothing left after the stop.
    expect(leftAfterStop).toBe(0);
    expect(result.notSent).toBe(50_000 - result.requests * cap);
    expectOneOutcomeEach(result, 50_000);
    await braze.close();
  });

  it("maxFailures: stops once more identifiers failed than allowed", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      faults: { seed: 3, rates: { "400": 0.3 } },
    });
    const braze = runtime({ concurrency: 4 });
    const result = await braze.setStatus(
      { subscriptionGroupId: GOOD_GROUP, state: "subscribed", externalIds: ids(20_000) },
      { maxFailures: 500 },
    );
    expect(result.stopped).toMatchObject({
      reason: "max_failures",
      error: { code: "max_failures" },
    });
    expect(result.failed).toBeGreaterThan(500);
    // Past the bound only the requests already in flight could still fail.
    expect(result.failed).toBeLessThanOrEqual(500 + 4 * cap);
    expect(result.notSent).toBeGreaterThan(0);
    expect(result.succeeded + result.failed + result.notSent).toBe(20_000);
    expect(sentIdentifiers()).toBe(result.succeeded + result.failed);
    await braze.close();
  });

  it("limit: sends exactly the first n valid identifiers; a second call without it sends the rest", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = runtime({ concurrency: 8 });
    const input = [...ids(3_000), "", "user-5", ...ids(2_000, "later")];
    const first = await braze.setStatus(
      { subscriptionGroupId: GOOD_GROUP, state: "subscribed", externalIds: input },
      { limit: 1_000 },
    );
    expect(sentIdentifiers()).toBe(1_000);
    expect(first).toMatchObject({
      succeeded: 1_000,
      notSent: 4_000,
      invalid: 1,
      duplicates: 1,
      stopped: { reason: "limit", error: { code: "limit_reached" } },
    });
    const done = new Set(
      first.outcomes?.filter((o) => o.outcome === "succeeded").map((o) => o.id) ?? [],
    );
    expect([...done].sort()).toEqual(ids(1_000).sort());

    const second = await braze.setStatus(
      { subscriptionGroupId: GOOD_GROUP, state: "subscribed", externalIds: input },
      { alreadySucceeded: (_type, id) => done.has(id) },
    );
    expect(second.stopped).toBeUndefined();
    expect(second).toMatchObject({ succeeded: 5_000, notSent: 0, invalid: 1, duplicates: 1 });
    expect(sentIdentifiers()).toBe(5_000);
    const sentTwice = new Set<string>();
    const seen = new Set<string>();
    for (const request of writes()) {
      for (const id of (request.body as { external_id: string[] }).external_id) {
        if (seen.has(id)) sentTwice.add(id);
        seen.add(id);
      }
    }
    expect(sentTwice.size).toBe(0);
    await braze.close();
  });

  it("after a stop, invalid and duplicate identifiers keep their own outcomes", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      faults: { unknownGroups: [BAD_GROUP] },
    });
    const braze = runtime();
    const input = [...ids(500), "", "user-1", "user-499"];
    const result = await braze.setStatus(
      { subscriptionGroupId: BAD_GROUP, state: "subscribed", externalIds: input },
      { preflight: false },
    );
    const byIndex = new Map<number, Outcome>(result.outcomes?.map((o) => [o.index, o]));
    expect(byIndex.get(500)?.outcome).toBe("invalid");
    expect(byIndex.get(501)?.outcome).toBe("duplicate");
    expect(byIndex.get(502)?.outcome).toBe("duplicate");
    expect(byIndex.get(499)?.outcome).toBe("not_sent");
    expect(result).toMatchObject({
      failed: 2 * cap,
      notSent: 500 - 2 * cap,
      invalid: 1,
      duplicates: 2,
    });
    await braze.close();
  });
});

describe("fail fast per event", () => {
  it("a wrong group gets not_sent at once after two refusals, the hook fires once, other groups keep working", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      faults: { unknownGroups: [BAD_GROUP] },
    });
    const events: SystematicFailureEvent[] = [];
    const braze = runtime({
      coalesceDelayMs: 1,
      failFast: { cooldownMs: 400 },
      onSystematicFailure: (e) => events.push(e),
    });
    const first = await braze.unsubscribe({ subscriptionGroupId: BAD_GROUP, externalId: "a" });
    const second = await braze.unsubscribe({ subscriptionGroupId: BAD_GROUP, externalId: "b" });
    expect([first.outcome, second.outcome]).toEqual(["failed", "failed"]);
    expect(events).toMatchObject([
      { source: "per_event", subscriptionGroupId: BAD_GROUP, rule: "first_requests", requests: 2 },
    ]);

    const before = fake.requests.length;
    const started = Date.now();
    const refused = await Promise.all(
      ids(200).map((id) => braze.unsubscribe({ subscriptionGroupId: BAD_GROUP, externalId: id })),
    );
    expect(Date.now() - started).toBeLessThan(200);
    expect(fake.requests.length).toBe(before);
    expect(refused.every((o) => o.outcome === "not_sent")).toBe(true);
    expect(refused[0]).toMatchObject({
      outcome: "not_sent",
      reason: "systematic_failure",
      error: { status: 400, code: "http_400" },
    });

    const good = await Promise.all(
      ids(120).map((id) => braze.unsubscribe({ subscriptionGroupId: GOOD_GROUP, externalId: id })),
    );
    expect(good.every((o) => o.outcome === "succeeded")).toBe(true);
    expect(fake.state.get(GOOD_GROUP, { externalId: "user-119" })).toBe("unsubscribed");

    // After the cooldown one request is tried again; refused alike, the group closes at once.
    await new Promise((resolve) => setTimeout(resolve, 450));
    const probe = await braze.unsubscribe({ subscriptionGroupId: BAD_GROUP, externalId: "c" });
    expect(probe.outcome).toBe("failed");
    expect(events).toHaveLength(2);
    const after = await braze.unsubscribe({ subscriptionGroupId: BAD_GROUP, externalId: "d" });
    expect(after.outcome).toBe("not_sent");
    await braze.close();
  });

  it("one refused request among good ones does not close a group", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      faults: { seed: 11, rates: { "400": 0.05 } },
    });
    const events: SystematicFailureEvent[] = [];
    const braze = runtime({ coalesceDelayMs: 1, onSystematicFailure: (e) => events.push(e) });
    // A warm-up success, then one request at a time so refusals stay scattered.
    const outcomes: Outcome[] = [];
    for (const id of ids(300))
      outcomes.push(await braze.subscribe({ subscriptionGroupId: GOOD_GROUP, externalId: id }));
    const refused = outcomes.filter((o) => o.outcome === "failed").length;
    expect(refused).toBeGreaterThan(3);
    expect(outcomes.some((o) => o.outcome === "not_sent")).toBe(false);
    expect(events).toEqual([]);
    await braze.close();
  });
});

describe("the preflight read", () => {
  it("a group Braze refuses: 0 writes, one read, every identifier not_sent naming the likely cause", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      faults: { unknownGroups: [BAD_GROUP] },
    });
    const checks: PreflightCheck[] = [];
    const braze = runtime();
    const result = await braze.setStatus(
      { subscriptionGroupId: BAD_GROUP, state: "subscribed", externalIds: ["", ...ids(2_000)] },
      { onPreflight: (check) => checks.push(check) },
    );
    expect(writes()).toHaveLength(0);
    expect(fake.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["GET", operationMetadata.getSubscriptionStatus.path, 400],
    ]);
    expect(result).toMatchObject({
      invalid: 1,
      notSent: 2_000,
      failed: 0,
      requests: 0,
      stopped: { reason: "preflight", error: { status: 400, code: "http_400" } },
    });
    expect(result.stopped?.error.message).toMatch(/check the group id/);
    expect(checks).toEqual([{ outcome: "stopped", error: result.stopped?.error }]);
    // The read asked about the first valid identifier, in the job's group.
    expect(fake.requests[0]?.body).toBeUndefined();
    await braze.close();
  });

  it.each([
    ["a wrong key", { key: "not-the-key", path: "" }, 401, /API key was refused/],
    ["a wrong URL", { key: API_KEY, path: "/not-braze" }, 404, /URL was not found/],
  ])("%s: 0 writes, stopped by the read", async (_name, { key, path }, status, cause) => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: key, baseUrl: `${fake.url}${path}` });
    const result = await braze.setStatus({
      subscriptionGroupId: GOOD_GROUP,
      state: "subscribed",
      externalIds: ids(300),
    });
    expect(writes()).toHaveLength(0);
    expect(fake.requests).toHaveLength(1);
    expect(result.stopped).toMatchObject({ reason: "preflight", error: { status } });
    expect(result.stopped?.error.message).toMatch(cause);
    expect(result.notSent).toBe(300);
    await braze.close();
  });

  it("a key without the read permission (403): the job goes on, unchecked, and says why", async () => {
    const { requiredPermission } = operationMetadata.setSubscriptionStatus;
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      permissions: { [API_KEY]: [requiredPermission] },
    });
    const checks: PreflightCheck[] = [];
    const braze = runtime();
    const result = await braze.setStatus(
      { subscriptionGroupId: GOOD_GROUP, state: "subscribed", externalIds: ids(300) },
      { onPreflight: (check) => checks.push(check) },
    );
    expect(result).toMatchObject({ succeeded: 300, notSent: 0 });
    expect(result.stopped).toBeUndefined();
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ outcome: "unchecked" });
    expect(checks[0]?.outcome === "unchecked" && checks[0].message).toContain(
      operationMetadata.getSubscriptionStatus.requiredPermission,
    );
    await braze.close();
  });

  it("a preflight for a job of reads: the same 403 stops it, naming the permission it lacks", async () => {
    const { requiredPermission } = operationMetadata.setSubscriptionStatus;
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      permissions: { [API_KEY]: [requiredPermission] },
    });
    const braze = runtime();
    const job = {
      subscriptionGroupId: GOOD_GROUP,
      type: "external_id" as const,
      candidates: ["u1"],
    };
    const check = await braze.preflight(job, { purpose: "reads" });
    expect(check).toMatchObject({ outcome: "stopped", error: { status: 403, code: "http_403" } });
    expect(check?.outcome === "stopped" && check.error.message).toMatch(
      new RegExp(
        `^the API key lacks ${operationMetadata.getSubscriptionStatus.requiredPermission.replaceAll(".", "\\.")} \\(HTTP 403: `,
      ),
    );
    expect(await braze.preflight(job)).toMatchObject({ outcome: "unchecked" });
    expect(fake.requests).toHaveLength(2);
    await braze.close();
  });

  it("a read that fails (503, no retry left) cannot stop the job; preflight: false skips it", async () => {
    const server = await startScriptedServer([
      json(503, { message: "busy" }),
      json(201, { message: "success" }),
    ]);
    try {
      const braze = createBrazeRuntime({
        apiKey: API_KEY,
        baseUrl: server.url,
        retry: { maxAttempts: 1 },
      });
      const input = { subscriptionGroupId: GOOD_GROUP, state: "subscribed" as const };
      const first = await braze.setStatus({ ...input, externalIds: ids(cap * 2) });
      expect(first).toMatchObject({ succeeded: cap * 2, notSent: 0 });
      expect(server.seen.map((r) => r.method)).toEqual(["GET", "POST", "POST"]);
      expect(server.seen[0]?.url).toContain("subscription_group_id=");
      await braze.setStatus({ ...input, externalIds: ids(cap) }, { preflight: false });
      expect(server.seen.map((r) => r.method)).toEqual(["GET", "POST", "POST", "POST"]);
      await braze.close();
    } finally {
      await server.close();
    }
  });

  it("runtime.preflight checks the first valid candidate; its check is reused by setStatus", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      faults: { unknownGroups: [BAD_GROUP] },
    });
    const braze = runtime();
    const job = { subscriptionGroupId: BAD_GROUP, type: "email" as const };
    expect(await braze.preflight({ ...job, candidates: ["nope", "also nope"] })).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
    const check = await braze.preflight({ ...job, candidates: ["bad", "a@example.com"] });
    expect(check).toMatchObject({ outcome: "stopped", error: { status: 400 } });
    expect(fake.requests).toHaveLength(1);
    const result = await braze.setStatus(
      { subscriptionGroupId: BAD_GROUP, state: "subscribed", emails: ["a@example.com"] },
      { preflight: check as PreflightCheck },
    );
    expect(fake.requests).toHaveLength(1);
    expect(result.stopped).toMatchObject({ reason: "preflight" });
    await braze.close();
  });
});

describe("fail fast: the first request alone", () => {
  it("a first refusal followed by a success is data, not a systematic failure: the job goes on", async () => {
    const server = await startScriptedServer([
      json(400, { message: "Invalid external id" }),
      json(201, { message: "success" }),
    ]);
    try {
      const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: server.url, concurrency: 16 });
      const result = await braze.setStatus(
        { subscriptionGroupId: GOOD_GROUP, state: "subscribed", externalIds: ids(cap * 40) },
        { preflight: false },
      );
      expect(result.stopped).toBeUndefined();
      expect(result).toMatchObject({ failed: cap, succeeded: cap * 39, notSent: 0 });
      expect(server.seen).toHaveLength(40);
      await braze.close();
    } finally {
      await server.close();
    }
  });

  it("bad settings are TypeErrors naming the option", async () => {
    expect(() =>
      createBrazeRuntime({ apiKey: API_KEY, instance: "EU-01", failFast: { consecutive: 0 } }),
    ).toThrow(/failFast\.consecutive/);
    expect(() =>
      createBrazeRuntime({ apiKey: API_KEY, instance: "EU-01", failFast: { cooldownMs: -1 } }),
    ).toThrow(/failFast\.cooldownMs/);
    const braze = createBrazeRuntime({ apiKey: API_KEY, instance: "EU-01" });
    const input = {
      subscriptionGroupId: GOOD_GROUP,
      state: "subscribed" as const,
      externalIds: [],
    };
    await expect(braze.setStatus(input, { limit: -1 })).rejects.toThrow(TypeError);
    await expect(braze.setStatus(input, { maxFailures: 1.5 })).rejects.toThrow(/maxFailures/);
    await braze.close();
  });
});
