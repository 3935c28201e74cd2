import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  createBrazeRuntime,
  type Outcome,
  planSetStatus,
  type SetStatusRow,
  type SystematicFailureEvent,
} from "../src/index.js";
import { rowsOver } from "./support/rows.js";

const API_KEY = "rows-key-0123456789";
const v2 = operationMetadata.setSubscriptionStatusV2;
const CAP = v2.requestBody.extensions["x-max-identifiers"];

let fake: BrazeFake | undefined;
/** Write requests only: the preflight read is a GET. */
const writes = () => (fake?.requests ?? []).filter((request) => request.method === "POST");
const sentIdentifiers = () => writes().reduce((sum, request) => sum + request.identifierCount, 0);
/** Every row has exactly one outcome. */
const indexesOf = (outcomes: Outcome[] | undefined) =>
  (outcomes ?? []).map((o) => o.index).sort((a, b) => a - b);

/** `setStatus(rows)` against the fake (preflight included), its outcomes in row order. */
async function setInOrder(rows: SetStatusRow[]) {
  const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake?.url as string });
  const result = await braze.setStatus(rows);
  const byIndex = [...(result.outcomes ?? [])].sort((a, b) => a.index - b.index);
  return { braze, result, byIndex };
}

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

describe("setStatus with rows that carry their own group and state", () => {
  it("packs 100,000 rows over 10 uneven groups into at most 1.02x the minimum requests", async () => {
    fake = await startBrazeFake({
      apiKeys: [API_KEY],
      rateLimit: false,
      logBodies: true,
      maxLogEntries: 10_000,
    });
    const sizes = [37_000, 21_000, 13_000, 9_000, 7_000, 5_000, 3_500, 2_500, 1_200, 800];
    const rows: SetStatusRow[] = [];
    sizes.forEach((size, g) => {
      for (let i = 0; i < size; i++) {
        rows.push({
          subscriptionGroupId: `group-${g}`,
          state: (i * 7 + g) % 3 === 0 ? "subscribed" : "unsubscribed",
          // Emails and external ids only: they may share a request.
          type: i % 4 === 0 ? "external_id" : "email",
          id: i % 4 === 0 ? `user-${g}-${i}` : `p${g}-${i}@example.com`,
        });
      }
    });
    // Rows arrive interleaved across groups, as a file sorted by nothing would give them.
    rows.sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(rows).toHaveLength(100_000);
    // The minimum: every request full, all groups together (emails never meet phones here).
    const minimum = Math.ceil(rows.length / CAP);
    expect(minimum).toBe(2000);

    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      rateLimit: { limit: 1_000_000 },
    });
    const result = await braze.setStatus(rows);
    expect(result).toMatchObject({
      total: 100_000,
      succeeded: 100_000,
      failed: 0,
      invalid: 0,
      duplicates: 0,
    });
    expect(result.requests).toBeLessThanOrEqual(Math.floor(minimum * 1.02));
    expect(new Set(result.outcomes?.map((o) => o.index)).size).toBe(100_000);
    // The fake's state equals the rows.
    for (const row of rows) {
      const key = row.type === "email" ? { email: row.id } : { externalId: row.id };
      expect(fake.state.get(row.subscriptionGroupId, key)).toBe(row.state);
    }
    const sent = fake.requests.filter((r) => r.path === v2.path);
    expect(sent.every((r) => r.identifierCount <= CAP && r.status < 300)).toBe(true);
    await braze.close();
  }, 120_000);

  it("never puts emails with phones in one request; invalid and duplicate rows get their outcome", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const rows: SetStatusRow[] = [
      { subscriptionGroupId: "mail", state: "unsubscribed", type: "email", id: "a@example.com" },
      { subscriptionGroupId: "sms", state: "subscribed", type: "phone", id: "+12223334444" },
      { subscriptionGroupId: "mail", state: "unsubscribed", type: "external_id", id: "u1" },
      { subscriptionGroupId: "mail", state: "unsubscribed", type: "email", id: "a@example.com" },
      { subscriptionGroupId: "sms", state: "subscribed", type: "phone", id: "12345" },
      {
        subscriptionGroupId: "sms",
        state: "maybe" as "subscribed",
        type: "phone",
        id: "+12223334445",
      },
    ];
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const result = await braze.setStatus(rows);
    const byIndex = new Map(result.outcomes?.map((o) => [o.index, o.outcome]));
    expect([...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, o]) => o)).toEqual([
      "succeeded",
      "succeeded",
      "succeeded",
      "duplicate",
      "invalid",
      "invalid",
    ]);
    const bodies = fake.requests
      .filter((r) => r.path === v2.path)
      .map((r) => JSON.stringify(r.body));
    expect(bodies).toHaveLength(2);
    expect(bodies.some((b) => b.includes('"emails"') && b.includes('"phones"'))).toBe(false);
    expect(fake.state.get("sms", { phone: "+12223334444" })).toBe("subscribed");

    // deduplicate: false (rows known distinct): no detector, the repeated row is sent again.
    const unchecked = await braze.setStatus(rows, { deduplicate: false, preflight: false });
    expect(unchecked.outcomes?.filter((o) => o.outcome === "succeeded")).toHaveLength(4);
    expect(unchecked.duplicates).toBe(0);
    await braze.close();
  });

  it("refuses a row that reverses an earlier row's state for the identifier in that group (not a duplicate): the first row's state stands", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const row = (subscriptionGroupId: string, state: SetStatusRow["state"]): SetStatusRow => ({
      subscriptionGroupId,
      state,
      type: "email",
      id: "a@example.com",
    });
    const rows = [
      row("mail", "subscribed"),
      row("mail", "unsubscribed"),
      row("mail", "unsubscribed"),
      row("mail", "subscribed"),
      row("news", "unsubscribed"),
    ];
    const { braze, result, byIndex } = await setInOrder(rows);
    expect(byIndex.map((o) => o.outcome)).toEqual([
      "succeeded",
      "invalid",
      "invalid",
      "duplicate",
      "succeeded",
    ]);
    expect(byIndex[1]).toMatchObject({
      issue: {
        path: "/state",
        code: "conflicting_state",
        message: expect.stringMatching(/"subscribed"/),
      },
    });
    expect(result).toMatchObject({ total: 5, valid: 2, invalid: 2, duplicates: 1, succeeded: 2 });
    expect(sentIdentifiers()).toBe(2);
    expect(fake.state.get("mail", { email: "a@example.com" })).toBe("subscribed");
    expect(fake.state.get("news", { email: "a@example.com" })).toBe("unsubscribed");
    // The plan (a dry run) counts them the same way.
    const plan = await planSetStatus(rows);
    expect(plan).toMatchObject({ valid: 2, invalid: 2, duplicates: 1 });
    await braze.close();
  });

  it("refuses a row reversing an earlier row's state for the same address in other letter case; other spellings of the same state are sent", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const row = (
      id: string,
      state: SetStatusRow["state"],
      type: SetStatusRow["type"] = "email",
    ): SetStatusRow => ({ subscriptionGroupId: "mail", state, type, id });
    // An address's domain is case-insensitive (RFC 5321) and Braze finds a profile by its
    // address whatever the case: "Ann@Example.com" is ann@example.com's mailbox.
    const rows = [
      row("ann@example.com", "subscribed"),
      row("Ann@Example.com", "unsubscribed"),
      row("ANN@EXAMPLE.COM", "subscribed"),
      row("ANN@EXAMPLE.COM", "subscribed"),
      row("Bob@Example.com", "unsubscribed"),
      row("bob@example.com", "subscribed"),
      row("Bob@Example.com", "subscribed"),
      row("bob@example.com", "unsubscribed"),
      // External ids are compared exactly: two users.
      row("User-1", "subscribed", "external_id"),
      row("user-1", "unsubscribed", "external_id"),
    ];
    const { braze, byIndex } = await setInOrder(rows);
    expect(byIndex.map((o) => o.outcome)).toEqual([
      "succeeded",
      "invalid",
      "succeeded",
      "duplicate",
      "succeeded",
      "invalid",
      "invalid",
      "succeeded",
      "succeeded",
      "succeeded",
    ]);
    expect(byIndex[1]).toMatchObject({
      id: "Ann@Example.com",
      issue: { code: "conflicting_state", message: expect.stringMatching(/"subscribed"/) },
    });
    expect(byIndex[6]).toMatchObject({ issue: { code: "conflicting_state" } });
    expect(fake.state.get("mail", { email: "ann@example.com" })).toBe("subscribed");
    expect(fake.state.get("mail", { email: "Ann@Example.com" })).toBeUndefined();
    expect(fake.state.get("mail", { email: "bob@example.com" })).toBe("unsubscribed");
    expect(fake.state.get("mail", { email: "Bob@Example.com" })).toBe("unsubscribed");
    const plan = await planSetStatus(rows);
    expect(plan).toMatchObject({ valid: 6, invalid: 3, duplicates: 1 });
    // The first spelling with capitals may come first, or after the lower-case one.
    for (const pair of [
      [row("Cy@Example.com", "unsubscribed"), row("cy@example.com", "subscribed")],
      [row("cy@example.com", "unsubscribed"), row("Cy@Example.com", "subscribed")],
    ])
      expect(await planSetStatus(pair)).toMatchObject({ valid: 1, invalid: 1 });
    await braze.close();
  });

  it("sends use_double_opt_in_logic with the entry of the rows that ask for it, in its own entry; a non-boolean is invalid", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false, logBodies: true });
    const row = (id: string, useDoubleOptIn?: unknown): SetStatusRow => ({
      subscriptionGroupId: "sms",
      state: "subscribed",
      type: "phone",
      id,
      ...(useDoubleOptIn === undefined ? {} : { useDoubleOptIn: useDoubleOptIn as boolean }),
    });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const result = await braze.setStatus([
      row("+12223334440", true),
      row("+12223334441"),
      row("+12223334442", true),
      row("+12223334443", "yes"),
    ]);
    await braze.close();
    const outcomes = [...(result.outcomes ?? [])].sort((a, b) => a.index - b.index);
    expect(outcomes.map((o) => o.outcome)).toEqual([
      "succeeded",
      "succeeded",
      "succeeded",
      "invalid",
    ]);
    expect(outcomes[3]).toMatchObject({ issue: { path: "/useDoubleOptIn" } });
    // One request, two entries of the same group: with the flag, and without it.
    expect(writes()).toHaveLength(1);
    const body = writes()[0]?.body as { subscription_groups: Array<Record<string, unknown>> };
    expect(body.subscription_groups).toEqual(
      expect.arrayContaining([
        {
          subscription_group_id: "sms",
          subscription_state: "subscribed",
          phones: ["+12223334440", "+12223334442"],
          use_double_opt_in_logic: true,
        },
        {
          subscription_group_id: "sms",
          subscription_state: "subscribed",
          phones: ["+12223334441"],
        },
      ]),
    );
    expect(body.subscription_groups).toHaveLength(2);
  });

  it("refuses a row that asks for double opt-in where an earlier row of the identifier subscribed it directly, and the reverse (not a duplicate)", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false, logBodies: true });
    const row = (id: string, useDoubleOptIn?: boolean, type: SetStatusRow["type"] = "phone") =>
      ({
        subscriptionGroupId: "sms",
        state: "subscribed",
        type,
        id,
        ...(useDoubleOptIn === undefined ? {} : { useDoubleOptIn }),
      }) as SetStatusRow;
    const rows = [
      row("+12223334440"),
      row("+12223334440", true),
      row("+12223334441", true),
      row("+12223334441", false),
      row("+12223334441", true),
      // `false` is Braze's default: the same as leaving it out.
      row("+12223334442", false),
      row("+12223334442"),
      row("Ann@Example.com", true, "email"),
      row("ann@example.com", undefined, "email"),
    ];
    const { braze, result, byIndex } = await setInOrder(rows);
    await braze.close();
    expect(byIndex.map((o) => o.outcome)).toEqual([
      "succeeded",
      "invalid",
      "succeeded",
      "invalid",
      "duplicate",
      "succeeded",
      "duplicate",
      "succeeded",
      "invalid",
    ]);
    expect(byIndex[1]).toMatchObject({
      issue: { code: "conflicting_state", message: expect.stringMatching(/without double opt-in/) },
    });
    expect(byIndex[3]).toMatchObject({
      issue: { code: "conflicting_state", message: expect.stringMatching(/with double opt-in/) },
    });
    expect(result).toMatchObject({ valid: 4, invalid: 3, duplicates: 2 });
    // Only the first row of each identifier went, with its own flag.
    const entries = writes().flatMap(
      (request) =>
        (request.body as { subscription_groups: Array<Record<string, unknown>> })
          .subscription_groups,
    );
    expect(entries.filter((entry) => entry.use_double_opt_in_logic === true)).toEqual([
      expect.objectContaining({ phones: ["+12223334441"] }),
      expect.objectContaining({ emails: ["Ann@Example.com"] }),
    ]);
    // `false` is not sent: its row shares the entry of the rows without the flag.
    expect(
      entries.some((entry) => "use_double_opt_in_logic" in entry && !entry.use_double_opt_in_logic),
    ).toBe(false);
    expect(await planSetStatus(rows)).toMatchObject({ valid: 4, invalid: 3, duplicates: 2 });
  });

  it("planSetStatus(rows) counts what setStatus(rows) sends, sending nothing", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const rows: SetStatusRow[] = Array.from({ length: 3_000 }, (_, i) => {
      const group = `group-${i % 7}`;
      const state = i % 5 === 0 ? "subscribed" : "unsubscribed";
      if (i % 3 === 0)
        return { subscriptionGroupId: group, state, type: "email", id: `p${i}@example.com` };
      if (i % 3 === 1)
        return {
          subscriptionGroupId: group,
          state,
          type: "phone",
          id: `+1415555${String(i).padStart(4, "0")}`,
        };
      return { subscriptionGroupId: group, state, type: "external_id", id: `user-${i}` };
    });
    rows.push(
      { subscriptionGroupId: "group-0", state: "subscribed", type: "email", id: "not-an-email" },
      { ...(rows[7] as SetStatusRow) },
    );
    const plan = await planSetStatus(rows);
    expect(fake.requests).toHaveLength(0);
    const braze = createBrazeRuntime({
      apiKey: API_KEY,
      baseUrl: fake.url,
      rateLimit: { limit: 100_000 },
    });
    const result = await braze.setStatus(rows, { preflight: false });
    expect(plan).toMatchObject({
      total: result.total,
      valid: result.valid,
      invalid: 1,
      duplicates: 1,
      skipped: 0,
      requests: result.requests,
    });
    expect(result).toMatchObject({ invalid: 1, duplicates: 1 });
    expect(plan.minDurationMs).toBeGreaterThan(0);
    await braze.close();
  });

  describe("honour the one-group path's bounds and fail fast", () => {
    const runtimeFor = (options: Parameters<typeof createBrazeRuntime>[0] = {}) =>
      createBrazeRuntime({
        apiKey: API_KEY,
        baseUrl: fake?.url as string,
        retry: { baseDelayMs: 1, maxDelayMs: 5 },
        rateLimit: { limit: 100_000, intervalMs: 1_000 },
        ...options,
      });

    it("a wrong group among good ones: its rows stop after its two refusals, the others go on and none of theirs fails", async () => {
      fake = await startBrazeFake({
        apiKeys: [API_KEY],
        rateLimit: false,
        faults: { unknownGroups: ["bad-group"] },
      });
      // One good group's rows first (its requests prove it), then good and bad rows mixed.
      const rows = [
        ...rowsOver(["good-group"], 4 * CAP, "first"),
        ...rowsOver(["good-group", "bad-group"], 20 * CAP, "mixed"),
      ];
      const events: SystematicFailureEvent[] = [];
      const braze = runtimeFor({ concurrency: 1, onSystematicFailure: (e) => events.push(e) });
      const result = await braze.setStatus(rows, { preflight: false });
      // The first mixed request is refused and sent again group by group (the bad group's part
      // refused alone); the next one, packed before that, is refused too and its refusal is
      // then the bad group's (the second: it stops), its good rows sent again. Then only the
      // good group's rows are sent.
      expect(writes().filter((r) => r.status === 400)).toHaveLength(3);
      expect(events).toEqual([
        {
          source: "bulk",
          subscriptionGroupId: "bad-group",
          rule: "first_requests",
          requests: 2,
          error: expect.objectContaining({ status: 400, code: "http_400" }),
        },
      ]);
      expect(result.stopped).toMatchObject({
        reason: "systematic_failure",
        error: { status: 400 },
      });
      expect(indexesOf(result.outcomes)).toEqual(rows.map((_, i) => i));
      const byGroup = (group: string, outcome: string) =>
        (result.outcomes ?? []).filter(
          (o) => rows[o.index]?.subscriptionGroupId === group && o.outcome === outcome,
        ).length;
      const bad = rows.filter((r) => r.subscriptionGroupId === "bad-group").length;
      const good = rows.length - bad;
      // The two refused mixed requests held CAP rows each, about half of them bad.
      expect(byGroup("bad-group", "succeeded")).toBe(0);
      expect(byGroup("bad-group", "failed") + byGroup("bad-group", "not_sent")).toBe(bad);
      expect(byGroup("bad-group", "not_sent")).toBeGreaterThan(bad - 2 * CAP);
      expect(byGroup("good-group", "failed")).toBe(0);
      expect(byGroup("good-group", "succeeded")).toBe(good);
      for (const o of result.outcomes ?? []) {
        if (o.outcome === "succeeded") {
          expect(fake.state.get("good-group", { externalId: o.id })).toBe("unsubscribed");
        }
      }
      await braze.close();
    });

    it("a wrong key stops the whole job after the preflight read: 0 writes", async () => {
      fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
      const braze = runtimeFor({ apiKey: "not-the-key" });
      const rows = rowsOver(["group-a", "group-b"], 3 * CAP);
      const result = await braze.setStatus(rows);
      expect(writes()).toHaveLength(0);
      expect(result).toMatchObject({
        notSent: rows.length,
        stopped: { reason: "preflight", error: { status: 401 } },
      });
      await braze.close();
    });

    it("limit sends exactly the first n rows; the same call with the successes as a checkpoint sends the rest", async () => {
      fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
      const rows = rowsOver(["group-a", "group-b", "group-c"], 1_000);
      const braze = runtimeFor();
      const first = await braze.setStatus(rows, { limit: 120 });
      expect(sentIdentifiers()).toBe(120);
      expect(first).toMatchObject({
        succeeded: 120,
        notSent: 880,
        stopped: { reason: "limit", error: { code: "limit_reached" } },
      });
      const done = new Set(
        (first.outcomes ?? [])
          .filter((o) => o.outcome === "succeeded")
          .map((o) => `${rows[o.index]?.subscriptionGroupId}:${o.id}`),
      );
      const second = await braze.setStatus(rows, {
        alreadySucceeded: (_type, id, group) => done.has(`${group}:${id}`),
      });
      expect(sentIdentifiers()).toBe(1_000);
      expect(second).toMatchObject({ succeeded: 1_000, notSent: 0 });
      expect(second.stopped).toBeUndefined();
      await braze.close();
    });

    // A canary (`limit`) over rows with a wrong group among good ones: a request refused for
    // the wrong group is split, its good rows sent again. The limit's stop (reached as the
    // last request left) held those parts back as a refusal's stop does, so the good rows
    // within the limit ended `failed` with the wrong group's refusal, never resent (the CLI:
    // `--limit 600` over 30 groups, one wrong: 552 failed, 48 succeeded).
    it("limit: the good rows of a request split over a wrong group are sent again, not failed with its refusal", async () => {
      fake = await startBrazeFake({
        apiKeys: [API_KEY],
        rateLimit: false,
        faults: { unknownGroups: ["bad-group"] },
      });
      const rows = rowsOver(["group-a", "bad-group", "group-b"], 6 * CAP);
      const braze = runtimeFor();
      const limit = 3 * CAP;
      const result = await braze.setStatus(rows, { limit, preflight: false });
      expect(indexesOf(result.outcomes)).toEqual(rows.map((_, i) => i));
      const within = (result.outcomes ?? []).filter((o) => o.index < limit);
      const good = within.filter((o) => rows[o.index]?.subscriptionGroupId !== "bad-group");
      expect(good.filter((o) => o.outcome !== "succeeded")).toEqual([]);
      expect(good).toHaveLength((2 * limit) / 3);
      const bad = within.filter((o) => rows[o.index]?.subscriptionGroupId === "bad-group");
      expect(bad.filter((o) => o.outcome === "succeeded")).toEqual([]);
      const past = (result.outcomes ?? []).filter((o) => o.index >= limit);
      expect(past.filter((o) => o.outcome !== "not_sent" || o.reason !== "limit")).toEqual([]);
      await braze.close();
    });

    it("maxFailures stops the job once more rows failed than allowed", async () => {
      fake = await startBrazeFake({
        apiKeys: [API_KEY],
        rateLimit: false,
        // One request in four refused with 400: scattered, so fail fast never stops it.
        faults: { seed: 7, rates: { "400": 0.25 } },
      });
      const rows = rowsOver(["group-a", "group-b"], 200 * CAP);
      const braze = runtimeFor({ concurrency: 1 });
      const result = await braze.setStatus(rows, { maxFailures: 3 * CAP, preflight: false });
      expect(result.stopped).toMatchObject({
        reason: "max_failures",
        error: { code: "max_failures" },
      });
      // One request at a time: the stop comes with the request that passed the bound. A
      // refused request of both groups is sent again group by group, so rows fail only with a
      // refused request of their own group, and are sent twice then.
      expect(result.failed).toBeGreaterThan(3 * CAP);
      expect(result.failed).toBeLessThanOrEqual(4 * CAP);
      expect(result.notSent).toBe(rows.length - result.failed - result.succeeded);
      expect(sentIdentifiers()).toBeGreaterThan(result.failed + result.succeeded);
      expect(result.requests).toBe(writes().length);
      expect(indexesOf(result.outcomes)).toEqual(rows.map((_, i) => i));
      await braze.close();
    });
  });
});
