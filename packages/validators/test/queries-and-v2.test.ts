import { describe, expect, it } from "vitest";
import { queryValidators, requestBodyValidators } from "../src/index.js";

const statusQuery = queryValidators.getSubscriptionStatus;
const userQuery = queryValidators.getUserSubscriptionGroups;
const v2Body = requestBodyValidators.setSubscriptionStatusV2;

describe("query validators (the object of query parameters, rules across them from x-query-rules)", () => {
  const g = "group";
  const cases: [string, { validate: typeof statusQuery; given: unknown; want: unknown[] }][] = [
    [
      "several external ids",
      {
        validate: statusQuery,
        given: { subscription_group_id: g, external_id: ["a", "b"] },
        want: [],
      },
    ],
    [
      "one email as a string",
      { validate: statusQuery, given: { subscription_group_id: g, email: "a@b.co" }, want: [] },
    ],
    [
      "no identifier",
      {
        validate: statusQuery,
        given: { subscription_group_id: g },
        want: [{ path: "", code: "required" }],
      },
    ],
    [
      "no group",
      {
        validate: statusQuery,
        given: { external_id: "a" },
        want: [{ path: "/subscription_group_id", code: "required" }],
      },
    ],
    [
      "email with phone",
      {
        validate: statusQuery,
        given: { subscription_group_id: g, email: "a@b.co", phone: "+12223334444" },
        want: [{ path: "", code: "conflict" }],
      },
    ],
    // Braze looks up only the external ids then: not an error.
    [
      "email and phone with external ids",
      {
        validate: statusQuery,
        given: {
          subscription_group_id: g,
          external_id: "x",
          email: "a@b.co",
          phone: "+12223334444",
        },
        want: [],
      },
    ],
    [
      "51 emails",
      {
        validate: statusQuery,
        given: { subscription_group_id: g, email: Array(51).fill("a@b.co") },
        want: [{ path: "/email", code: "maxItems" }],
      },
    ],
    [
      "a bad email",
      {
        validate: statusQuery,
        given: { subscription_group_id: g, email: ["nope"] },
        want: [{ path: "/email/0", code: "format" }],
      },
    ],
    [
      "limit over 100",
      {
        validate: userQuery,
        given: { email: "a@b.co", limit: 101 },
        want: [{ path: "/limit", code: "maximum" }],
      },
    ],
    [
      "user by external ids with paging",
      { validate: userQuery, given: { external_id: ["a"], limit: 5, offset: 0 }, want: [] },
    ],
  ];
  it.each(cases)("%s", (_, { validate, given, want }) => {
    expect(validate).toBeTypeOf("function");
    const result = validate?.(given);
    const errors = result?.ok ? [] : (result?.errors ?? []);
    expect(errors).toEqual(want.map((issue) => expect.objectContaining(issue as object)));
  });
});

describe("the v2 body validator (nested arrays of objects)", () => {
  it("checks each group's rules at the group's path", () => {
    const result = v2Body?.({
      subscription_groups: [
        { subscription_group_id: "g", subscription_state: "subscribed" },
        {
          subscription_group_id: "g",
          subscription_state: "subscribed",
          emails: ["a@b.co"],
          phones: ["+12223334444"],
        },
        { subscription_group_id: "g", subscription_state: "maybe", external_ids: ["a"] },
      ],
    });
    expect(result?.ok).toBe(false);
    expect(result?.ok === false && result.errors.map((e) => [e.path, e.code])).toEqual([
      ["/subscription_groups/0", "required"],
      ["/subscription_groups/1", "conflict"],
      ["/subscription_groups/2/subscription_state", "enum"],
    ]);
  });

  it("accepts groups by external ids, emails (string or array) and phones", () => {
    const result = v2Body?.({
      subscription_groups: [
        { subscription_group_id: "g1", subscription_state: "unsubscribed", external_ids: ["a"] },
        { subscription_group_id: "g2", subscription_state: "subscribed", emails: "a@b.co" },
        {
          subscription_group_id: "g3",
          subscription_state: "subscribed",
          phones: ["+12223334444"],
          use_double_opt_in_logic: true,
        },
      ],
    });
    expect(result).toMatchObject({ ok: true });
  });
});
