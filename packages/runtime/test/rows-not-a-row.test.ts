import { type BrazeFake, startBrazeFake } from "@braze-subscriptions/testing";
import { afterEach, describe, expect, it } from "vitest";
import {
  createBrazeRuntime,
  type Outcome,
  planSetStatus,
  type SetStatusRow,
} from "../src/index.js";

// A `{ rows }` call given something that is not a row (null, a string, a number, an array), or
// a row naming no identifier type or no identifier: its outcome says so, and invents no
// external id "undefined" (it said `type: "external_id"`, `id: "undefined"`).

const API_KEY = "rows-not-a-row-key-4242";

let fake: BrazeFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const good: SetStatusRow = {
  subscriptionGroupId: "mail",
  state: "unsubscribed",
  type: "email",
  id: "a@example.com",
};
const given: unknown[] = [
  good,
  null,
  "b@example.com",
  42,
  [good],
  { subscriptionGroupId: "mail", state: "subscribed", type: "sms", id: "+12223334444" },
  { subscriptionGroupId: "mail", state: "subscribed", type: "email" },
  { subscriptionGroupId: "mail", state: "subscribed", type: "external_id", id: 12345 },
];
const rows = given as SetStatusRow[];

describe("rows that are not rows", () => {
  it("end invalid with type and id null where the row gives none, the rest sent", async () => {
    fake = await startBrazeFake({ apiKeys: [API_KEY], rateLimit: false });
    const braze = createBrazeRuntime({ apiKey: API_KEY, baseUrl: fake.url });
    const result = await braze.setStatus(rows);
    await braze.close();
    const byIndex = [...result.outcomes].sort((a, b) => a.index - b.index);
    const notARow = (got: string) => ({
      outcome: "invalid",
      type: null,
      id: null,
      issue: { path: "", code: "type", message: expect.stringMatching(new RegExp(`got ${got}$`)) },
    });
    expect(byIndex).toEqual([
      { outcome: "succeeded", type: "email", id: "a@example.com", index: 0 },
      { ...notARow("null"), index: 1 },
      { ...notARow("string"), index: 2 },
      { ...notARow("number"), index: 3 },
      { ...notARow("an array"), index: 4 },
      // A type outside the vocabulary: no type, the identifier as given.
      {
        outcome: "invalid",
        type: null,
        id: "+12223334444",
        index: 5,
        issue: expect.objectContaining({ path: "/type", code: "enum" }),
      },
      // No id: the type as given, no identifier made up.
      {
        outcome: "invalid",
        type: "email",
        id: null,
        index: 6,
        issue: expect.objectContaining({ path: "/id" }),
      },
      // A number: its text, as the one-group inputs show one.
      {
        outcome: "invalid",
        type: "external_id",
        id: "12345",
        index: 7,
        issue: expect.objectContaining({ path: "/id" }),
      },
    ]);
    expect(JSON.stringify(result.outcomes)).not.toContain('"undefined"');
    expect(result).toMatchObject({ total: 8, valid: 1, invalid: 7, succeeded: 1 });
    // Only the one row was sent.
    const posts = fake.requests.filter((request) => request.method === "POST");
    expect(posts.reduce((sum, request) => sum + request.identifierCount, 0)).toBe(1);
  });

  it("a dry run counts them alike, and tells them through onOutcome with the same shape", async () => {
    const seen: Outcome[] = [];
    const plan = await planSetStatus(rows, { onOutcome: (outcome) => seen.push(outcome) });
    expect(plan).toMatchObject({ total: 8, valid: 1, invalid: 7 });
    const first = seen.find((outcome) => outcome.index === 1);
    expect(first).toMatchObject({ outcome: "invalid", type: null, id: null });
  });
});
