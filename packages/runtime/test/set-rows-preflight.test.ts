import { operationMetadata } from "@braze-subscriptions/client";
import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import { PREFLIGHT_ROWS_READ } from "../src/fail-fast/preflight-request.js";
import { ROWS_PREFLIGHT_GROUPS } from "../src/fail-fast/rows-preflight.js";
import { BrazeValidationError, createBrazeRuntime, type SetStatusRow } from "../src/index.js";
import { countOf, inGroup, rowsOver } from "./support/rows.js";

// README (Rows of many groups, "The preflight read"): a job of rows whose first group Braze
// refuses alone (a 400: key and URL work) reads its next group; the refused groups' rows end
// `not_sent` and the others go on, unless every group read was refused.

const API_KEY = "rows-preflight-key-8d1f";
const CAP = operationMetadata.setSubscriptionStatusV2.requestBody.extensions["x-max-identifiers"];

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const writes = () => (fake?.requests ?? []).filter((request) => request.method === "POST");
const reads = () => (fake?.requests ?? []).filter((request) => request.method === "GET");
/** Whether any write carried a row of `group`. */
const written = (group: string) =>
  writes().some((request) => JSON.stringify(request.body).includes(`"${group}"`));

async function fakeWith(unknownGroups: string[]) {
  fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false, faults: { unknownGroups } });
  return createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url, retry: { baseDelayMs: 1 } });
}

describe("the preflight read of a job of rows", () => {
  it("the first row's group refused alone: its rows end not_sent unsent, the next group is read and every other row succeeds", async () => {
    const braze = await fakeWith(["bad-first"]);
    const rows = rowsOver(["bad-first", "group-a", "group-b"], 3 * CAP);
    const result = await braze.setStatus(rows);
    const outcomes = result.outcomes ?? [];
    expect(outcomes.map((o) => o.index).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
    expect(reads()).toHaveLength(2);
    expect(written("bad-first")).toBe(false);
    expect(countOf(rows, outcomes, "bad-first", "not_sent")).toBe(inGroup(rows, "bad-first"));
    for (const group of ["group-a", "group-b"]) {
      expect(countOf(rows, outcomes, group, "succeeded")).toBe(inGroup(rows, group));
    }
    expect(outcomes.find((o) => o.outcome === "not_sent")).toMatchObject({
      reason: "preflight",
      error: { status: 400 },
    });
    expect(result.stopped).toMatchObject({ reason: "preflight", error: { status: 400 } });
    await braze.close();
  });

  it(`every group read refused (${ROWS_PREFLIGHT_GROUPS} of them, a fourth good one not read): the whole job stops before its first write`, async () => {
    const bad = Array.from({ length: ROWS_PREFLIGHT_GROUPS }, (_, i) => `bad-${i}`);
    const braze = await fakeWith(bad);
    const rows = rowsOver([...bad, "group-good"], 2 * CAP);
    const result = await braze.setStatus(rows);
    expect(reads()).toHaveLength(ROWS_PREFLIGHT_GROUPS);
    expect(writes()).toHaveLength(0);
    expect(result).toMatchObject({
      notSent: rows.length,
      stopped: { reason: "preflight", error: { status: 400 } },
    });
    await braze.close();
  });

  /** A canary of 6 over rows alternating a group Braze refuses and a good one. */
  async function canaryOverRefusedFirstGroup() {
    const braze = await fakeWith(["bad-first"]);
    const rows = rowsOver(["bad-first", "group-a"], 2 * CAP);
    const limit = 6;
    const result = await braze.setStatus(rows, { limit });
    const outcomes = result.outcomes ?? [];
    expect(outcomes).toHaveLength(rows.length);
    return { braze, rows, limit, result, outcomes };
  }

  // A canary (`limit`) whose first rows hold a group Braze refuses: `stopped` said only
  // `limit` (the limit's job stop hid the group's), so the CLI exited 0 ("every valid
  // identifier succeeded") with that group's rows not sent. The canary is to find it.
  it("limit reached after the preflight stopped a group: stopped names the refusal, not the limit", async () => {
    const { braze, rows, result, outcomes } = await canaryOverRefusedFirstGroup();
    expect(written("bad-first")).toBe(false);
    const refused = outcomes.filter((o) => o.outcome === "not_sent" && o.reason === "preflight");
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((o) => rows[o.index]?.subscriptionGroupId === "bad-first")).toBe(true);
    expect(result.stopped).toMatchObject({ reason: "preflight", error: { status: 400 } });
    await braze.close();
  });

  // `limit` counts rows sent. The first request's rows of a group the preflight then refused
  // were counted, though never sent: a canary of 6 over rows alternating a refused group and
  // a good one sent 3.
  it("limit counts rows sent: the first request's rows of a group the preflight refused do not count", async () => {
    const { braze, rows, limit, result, outcomes } = await canaryOverRefusedFirstGroup();
    expect(writes().reduce((sum, request) => sum + request.identifierCount, 0)).toBe(limit);
    expect(result.succeeded).toBe(limit);
    // The rows read until the limit was reached: the first 2 × limit, half of them refused.
    const reasonOf = (reason: string) =>
      outcomes.filter((o) => o.outcome === "not_sent" && o.reason === reason).length;
    expect(reasonOf("preflight")).toBe(limit);
    expect(reasonOf("limit")).toBe(rows.length - 2 * limit);
    await braze.close();
  });

  it("a job of rows of one group, refused: stops before its first write (one read)", async () => {
    const braze = await fakeWith(["bad-only"]);
    const rows = rowsOver(["bad-only"], CAP);
    const result = await braze.setStatus(rows);
    expect(reads()).toHaveLength(1);
    expect(writes()).toHaveLength(0);
    expect(result).toMatchObject({ notSent: rows.length, stopped: { reason: "preflight" } });
    await braze.close();
  });

  it("a key refused stops the job at the first read, whatever the groups", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: "not-the-key", baseUrl: fake.url });
    const result = await braze.setStatus(rowsOver(["group-a", "group-b"], CAP));
    expect(reads()).toHaveLength(1);
    expect(result.stopped).toMatchObject({ reason: "preflight", error: { status: 401 } });
    await braze.close();
  });
});

describe("runtime.preflight", () => {
  // An iterable of a whole file whose only group Braze refused was scanned to its end for
  // another group: a million rows blocked the event loop, an endless generator never ended.
  it(`looks at ${PREFLIGHT_ROWS_READ.toLocaleString("en-US")} rows at most: an endless input of one refused group, or of invalid candidates, ends`, async () => {
    const braze = await fakeWith(["bad-only"]);
    let pulled = 0;
    function* endless(group: string, id: (i: number) => string) {
      for (let i = 0; ; i++) {
        pulled++;
        yield { subscriptionGroupId: group, type: "email" as const, id: id(i) };
      }
    }
    const check = await braze.preflight({
      rows: endless("bad-only", (i) => `user${i}@example.com`),
    });
    expect(check).toMatchObject({ outcome: "stopped", error: { status: 400 } });
    expect(pulled).toBeLessThanOrEqual(PREFLIGHT_ROWS_READ + 1);
    pulled = 0;
    const none = await braze.preflight({
      subscriptionGroupId: "group-a",
      type: "email",
      candidates: (function* () {
        for (;;) {
          pulled++;
          yield "not an email";
        }
      })(),
    });
    expect(none).toBeUndefined();
    expect(pulled).toBeLessThanOrEqual(PREFLIGHT_ROWS_READ + 1);
    expect(reads()).toHaveLength(1);
    await braze.close();
  });

  it("{ rows }: reads past a row it would not send and a group refused alone; the check it gives the job stops only that group, read once", async () => {
    const braze = await fakeWith(["bad-first"]);
    const rows = rowsOver(["bad-first", "group-a"], CAP);
    const check = await braze.preflight({
      rows: [
        { subscriptionGroupId: "group-a", type: "email", id: "not an email" },
        { subscriptionGroupId: "", type: "external_id", id: "user-x" },
        ...rows,
      ],
    });
    expect(check).toMatchObject({
      outcome: "passed",
      refusedGroups: [{ subscriptionGroupId: "bad-first", error: { status: 400 } }],
    });
    expect(reads()).toHaveLength(2);
    if (check === undefined) throw new Error("no row to read");
    const result = await braze.setStatus(rows, { preflight: check });
    expect(reads()).toHaveLength(2);
    expect(written("bad-first")).toBe(false);
    expect(result).toMatchObject({
      succeeded: inGroup(rows, "group-a"),
      notSent: inGroup(rows, "bad-first"),
    });
    await braze.close();
  });

  // A row's `type` is data (a CSV's, JSON's): `setStatus(rows)` ends a row of no identifier
  // type `invalid`. `preflight({ rows })` threw a TypeError from inside the runtime
  // ("reading 'itemSchema'") instead of passing over it, as over a row of an invalid group.
  it("{ rows }: passes over a row of no identifier type, as the job ends it invalid", async () => {
    const braze = await fakeWith([]);
    const notAType = { subscriptionGroupId: "group-a", type: "phone_number", id: "user-x" };
    const check = await braze.preflight({
      rows: [notAType as unknown as SetStatusRow, ...rowsOver(["group-a"], 1)],
    });
    expect(check).toEqual({ outcome: "passed" });
    expect(reads()).toHaveLength(1);
    await braze.close();
  });

  it("one group the spec refuses: BrazeValidationError, nothing read", async () => {
    const braze = await fakeWith([]);
    const refused = braze.preflight({
      subscriptionGroupId: "",
      type: "external_id",
      candidates: ["user-1"],
    });
    await expect(refused).rejects.toBeInstanceOf(BrazeValidationError);
    await expect(refused).rejects.toThrow(/^preflight: subscriptionGroupId /);
    expect(fake?.requests).toHaveLength(0);
    await braze.close();
  });
});
