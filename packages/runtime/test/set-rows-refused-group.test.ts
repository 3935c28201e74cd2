import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { createBrazeRuntime, type SystematicFailureEvent } from "../src/index.js";
import { countOf, rowsOver } from "./support/rows.js";

// README (Rows of many groups, "A refused request of several groups is split"): Braze refuses
// a whole multi-group request when one of its groups is bad, and its message does not say
// which. The runtime then sends the request's entries again, one group per request, so that
// only the bad group's rows fail.

const API_KEY = "refused-group-key-5c2e";
const v2 = operationMetadata.setSubscriptionStatusV2;
const CAP = v2.requestBody.extensions["x-max-identifiers"];
const BAD = "no-such-group";

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Write requests only: the preflight read is a GET. */
const writes = () => (fake?.requests ?? []).filter((request) => request.method === "POST");

const runtimeFor = (options: Parameters<typeof createBrazeRuntime>[0] = {}) =>
  createBrazeRuntime({
    apiKey: API_KEY,
    baseUrl: fake?.url as string,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    ...options,
  });

describe("a multi-group request refused for one of its groups", () => {
  it("one request's worth over 3 groups, one unknown: the good groups' rows succeed, the bad group's fail; 1 + 3 writes", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], faults: { unknownGroups: [BAD] } });
    const rows = rowsOver(["group-a", "group-b", BAD], CAP);
    const writeOp = "setSubscriptionStatusV2";
    const seen: { requests: number; responses: number[] } = { requests: 0, responses: [] };
    const braze = runtimeFor({
      onRequest: (e) => {
        if (e.operation === writeOp) seen.requests++;
      },
      onResponse: (e) => {
        if (e.operation === writeOp) seen.responses.push(e.status);
      },
    });
    const result = await braze.setStatus(rows);
    const outcomes = result.outcomes ?? [];
    // Every row has exactly one outcome.
    expect(outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
    const bad = rows.filter((row) => row.subscriptionGroupId === BAD).length;
    expect(countOf(rows, outcomes, BAD, "failed")).toBe(bad);
    expect(countOf(rows, outcomes, "group-a", "succeeded")).toBe(
      rows.filter((row) => row.subscriptionGroupId === "group-a").length,
    );
    expect(countOf(rows, outcomes, "group-b", "succeeded")).toBe(
      rows.filter((row) => row.subscriptionGroupId === "group-b").length,
    );
    const failed = outcomes.find((o) => o.outcome === "failed");
    expect(failed).toMatchObject({
      error: {
        status: 400,
        code: "http_400",
        message: expect.stringMatching(/subscription group/),
      },
    });
    expect(result).toMatchObject({ succeeded: rows.length - bad, failed: bad, notSent: 0 });
    // The packed request, then one request per group of it; the counters and hooks see all four.
    const answers = (statuses: number[]) =>
      statuses.map((status) => (status === 400 ? "refused" : `${status}`.slice(0, 1))).sort();
    expect(answers(writes().map((w) => w.status))).toEqual(["2", "2", "refused", "refused"]);
    expect(writes()[0]?.status).toBe(400);
    expect(result.requests).toBe(4);
    expect(seen.requests).toBe(4);
    expect(answers(seen.responses)).toEqual(["2", "2", "refused", "refused"]);
    expect(result.stopped).toBeUndefined();
    for (const o of outcomes.filter((o) => o.outcome === "succeeded")) {
      const group = rows[o.index]?.subscriptionGroupId as string;
      expect(fake.state.get(group, { externalId: o.id })).toBe("unsubscribed");
    }
    await braze.close();
  });

  it("a group refused alone is not packed with others again: its next requests are its own, and it stops on its repeated refusal", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], faults: { unknownGroups: [BAD] } });
    const rows = rowsOver(["group-a", "group-b", BAD], 12 * CAP);
    const events: SystematicFailureEvent[] = [];
    const braze = runtimeFor({ concurrency: 1, onSystematicFailure: (e) => events.push(e) });
    const result = await braze.setStatus(rows);
    const outcomes = result.outcomes ?? [];
    expect(outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
    // No good row failed; the bad group stopped on its own, the rest of its rows not sent.
    for (const group of ["group-a", "group-b"]) {
      expect(countOf(rows, outcomes, group, "succeeded")).toBe(
        rows.filter((row) => row.subscriptionGroupId === group).length,
      );
    }
    expect(countOf(rows, outcomes, BAD, "succeeded")).toBe(0);
    expect(countOf(rows, outcomes, BAD, "not_sent")).toBeGreaterThan(0);
    expect(events).toEqual([
      expect.objectContaining({ subscriptionGroupId: BAD, rule: "first_requests", requests: 2 }),
    ]);
    expect(result.stopped).toMatchObject({ reason: "systematic_failure", error: { status: 400 } });
    // The first packed request; the bad group's own request; the packed request read before
    // it was isolated, whose refusal is then its (the good rows of it go again together).
    // After that, its rows are packed alone and kept back by its stop: no good row shares a
    // refused request again.
    expect(writes().filter((w) => w.status === 400)).toHaveLength(3);
    expect(result.requests).toBe(writes().length);
    await braze.close();
  });

  it("every group bad, without the preflight read: the groups still stop on their repeated refusals, after 1 + 3 + 1 writes", async () => {
    const groups = ["bad-1", "bad-2", "bad-3"];
    fake = await startBrazeFake({ apiKeys: [API_KEY], faults: { unknownGroups: groups } });
    const rows = rowsOver(groups, 20 * CAP);
    const events: SystematicFailureEvent[] = [];
    const braze = runtimeFor({ onSystematicFailure: (e) => events.push(e) });
    const result = await braze.setStatus(rows, { preflight: false });
    expect(writes().map((w) => w.status)).toEqual([400, 400, 400, 400, 400]);
    expect(result.requests).toBe(5);
    expect(result).toMatchObject({
      succeeded: 0,
      failed: 2 * CAP,
      notSent: rows.length - 2 * CAP,
      stopped: { reason: "systematic_failure", error: { status: 400, code: "http_400" } },
    });
    expect(events.map((e) => e.subscriptionGroupId).sort()).toEqual(groups);
    expect(events.every((e) => e.rule === "first_requests")).toBe(true);
    await braze.close();
  });

  it("many groups, one unknown, at the default concurrency: no good row fails or goes unsent, and groups that had a success go again together", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], faults: { unknownGroups: [BAD] } });
    const groups = Array.from({ length: 60 }, (_, i) => (i === 7 ? BAD : `group-${i}`));
    // Rows in a scattered order of groups (as a file's rows are), the first one a good group's.
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const rows = rowsOver(groups, 120 * CAP).map((row, i) => ({
      ...row,
      subscriptionGroupId:
        i === 0 ? "group-0" : (groups[Math.floor(next() * groups.length)] as string),
    }));
    const braze = runtimeFor();
    const result = await braze.setStatus(rows);
    const outcomes = result.outcomes ?? [];
    expect(outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
    const good = rows.filter((row) => row.subscriptionGroupId !== BAD).length;
    expect(outcomes.filter((o) => o.outcome === "succeeded")).toHaveLength(good);
    expect(countOf(rows, outcomes, BAD, "succeeded")).toBe(0);
    expect(result.requests).toBe(writes().length);
    // The packed requests, plus at most one per group for the first refused ones (every group
    // is new then) and about two per refused request after: the bad group alone, the groups
    // that had a success together (each group alone, as in the first version, cost about 30
    // per refused request here, as many as a request's groups).
    const refused = writes().filter((w) => w.status === 400).length;
    expect(refused).toBeGreaterThan(1);
    expect(writes().length).toBeLessThanOrEqual(rows.length / CAP + groups.length + 2 * refused);
    await braze.close();
  });

  it("a stop before the split requests leave keeps them back: their rows end failed with the refusal they got, one outcome each", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], faults: { unknownGroups: [BAD] } });
    const rows = rowsOver(["group-a", "group-b", BAD], CAP);
    const stop = new AbortController();
    const braze = runtimeFor({
      // The packed request's refusal reaches the hook before the job settles it.
      onResponse: (e) => {
        if (e.status === 400) stop.abort();
      },
    });
    const result = await braze.setStatus(rows, { stopSignal: stop.signal });
    expect(writes()).toHaveLength(1);
    expect(result.requests).toBe(1);
    const outcomes = result.outcomes ?? [];
    expect(outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
    expect(outcomes.every((o) => o.outcome === "failed")).toBe(true);
    expect(outcomes[0]).toMatchObject({ error: { status: 400, code: "http_400" } });
    expect(result).toMatchObject({ failed: rows.length, succeeded: 0, notSent: 0 });
    await braze.close();
  });

  it("a request of one group is not split: a refused one-group job costs its two requests, as before", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], faults: { unknownGroups: [BAD] } });
    const rows = rowsOver([BAD], 10 * CAP);
    const braze = runtimeFor();
    const result = await braze.setStatus(rows, { preflight: false });
    expect(writes()).toHaveLength(2);
    expect(result).toMatchObject({ failed: 2 * CAP, notSent: 8 * CAP, requests: 2 });
    await braze.close();
  });
});
