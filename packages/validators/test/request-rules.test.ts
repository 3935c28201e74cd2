import { describe, expect, it } from "vitest";
import {
  brokenRequestRules,
  MAX_IDENTIFIERS_CODE,
  requestRules,
  requestWideIssues,
  validateSetSubscriptionStatusV2Body,
} from "../src/index.js";
import { base, many } from "./support/bodies.js";

// The rules of a whole v2 request, generated from the spec: the body's x-max-identifiers over
// all groups, and emails never with phones, even in different groups. The cap is read from the
// generated table so that the test follows the spec; the messages are the CLI's of before.
const V2 = "setSubscriptionStatusV2";
const cap = requestRules[V2]?.maxIdentifiers as number;
const path = "/v2/subscription/status/set";

const group = (id: string, lists: Record<string, unknown>) => ({
  subscription_group_id: id,
  subscription_state: "unsubscribed",
  ...lists,
});
/** `total` external ids split over two groups, none over a group's own maxItems. */
const split = (total: number) => {
  const first = Math.ceil(total / 2);
  const ids = many.externalIds(total);
  return {
    subscription_groups: [
      group("g", { external_ids: ids.slice(0, first) }),
      group("h", { external_ids: ids.slice(first) }),
    ],
  };
};

describe("requestWideIssues (generated from the spec)", () => {
  it("reads the cap and the exclusion from the spec", () => {
    expect(cap).toBeGreaterThan(1);
    expect(requestRules[V2]?.exclusive.map((rule) => rule.fields)).toEqual([["emails", "phones"]]);
  });

  const cases: [string, { given: unknown; want: unknown[] }][] = [
    ["at the cap, over two groups", { given: split(cap), want: [] }],
    [
      "one over the cap, over two groups",
      {
        given: split(cap + 1),
        want: [
          {
            path: "/subscription_groups",
            code: MAX_IDENTIFIERS_CODE,
            message: `the request holds ${cap + 1} identifiers over all groups, more than ${cap} (the spec's x-max-identifiers of ${path})`,
          },
        ],
      },
    ],
    [
      "emails and phones in different groups",
      {
        given: {
          subscription_groups: [
            group("g", { emails: ["a@example.com"] }),
            group("h", { phones: ["+15551234567"] }),
          ],
        },
        want: [
          {
            path: "/subscription_groups",
            code: "conflict",
            message: "emails and phones must not be in one request, even in different groups",
          },
        ],
      },
    ],
    [
      "emails with external ids in another group",
      {
        given: {
          subscription_groups: [
            group("g", { emails: "a@example.com" }),
            group("h", { external_ids: ["u1"] }),
          ],
        },
        want: [],
      },
    ],
    [
      "a single email counts as one identifier",
      {
        given: {
          subscription_groups: [
            group("g", { emails: "a@example.com" }),
            group("h", { external_ids: many.externalIds(cap) }),
          ],
        },
        want: [expect.objectContaining({ code: MAX_IDENTIFIERS_CODE })],
      },
    ],
    ["not an object", { given: null, want: [] }],
  ];
  it.each(cases)("%s", (_, { given, want }) => {
    expect(requestWideIssues(V2, given)).toEqual(want);
  });

  it("reports both rules at once, the cap first", () => {
    const body = {
      subscription_groups: [
        group("g", { emails: many.emails(cap) }),
        group("h", { phones: ["+15551234567"] }),
      ],
    };
    expect(validateSetSubscriptionStatusV2Body(body).ok).toBe(true);
    expect(requestWideIssues(V2, body).map((issue) => issue.code)).toEqual([
      MAX_IDENTIFIERS_CODE,
      "conflict",
    ]);
  });

  it("gives an exclusion's own words from the spec (its x-error-message), for an API's answer", () => {
    const [broken] = brokenRequestRules(V2, {
      subscription_groups: [group("g", { emails: ["a@b.co"] }), group("h", { phones: ["+1555"] })],
    });
    expect(broken?.exclusion?.specMessage).toBe(
      "Either email addresses or phone numbers should be provided, but not both.",
    );
  });

  it("v1: its own cap over all its lists, no request-wide exclusion; unknown operations alone", () => {
    const v1Cap = requestRules.setSubscriptionStatus?.maxIdentifiers as number;
    expect(v1Cap).toBeGreaterThan(1);
    expect(requestRules.setSubscriptionStatus?.exclusive).toEqual([]);
    const half = Math.floor(v1Cap / 2);
    const at = { ...base, external_id: many.externalIds(half), email: many.emails(v1Cap - half) };
    expect(requestWideIssues("setSubscriptionStatus", at)).toEqual([]);
    const over = { ...at, email: many.emails(v1Cap - half + 1) };
    expect(requestWideIssues("setSubscriptionStatus", over)).toEqual([
      {
        path: "",
        code: MAX_IDENTIFIERS_CODE,
        message: `the request holds ${v1Cap + 1} identifiers over all lists, more than ${v1Cap} (the spec's x-max-identifiers of /subscription/status/set)`,
      },
    ]);
    expect(requestWideIssues("constructor", split(cap + 1))).toEqual([]);
  });

  it("keeps its rules frozen all the way down, and finds nothing through the prototype", () => {
    expect(Object.isFrozen(requestRules[V2]?.exclusive[0]?.fields)).toBe(true);
    expect(() => {
      (requestRules[V2] as { maxIdentifiers: number }).maxIdentifiers = 1;
    }).toThrow(TypeError);
    expect(requestRules.constructor).toBeUndefined();
  });

  it("never throws: a throwing getter gives one unreadable issue", () => {
    const hostile = {
      get subscription_groups(): never {
        throw new Error("boom");
      },
    };
    expect(requestWideIssues(V2, hostile)).toEqual([
      expect.objectContaining({ path: "", code: "unreadable" }),
    ]);
  });
});
