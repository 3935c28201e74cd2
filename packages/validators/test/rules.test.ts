import { describe, expect, it } from "vitest";
import {
  type ValidationIssue,
  validateE164Phone,
  validateEmail,
  validateExternalId,
  validateSetSubscriptionStatusBody,
  validateSubscriptionGroupId,
  validateSubscriptionState,
} from "../src/index.js";
import { base, many } from "./support/bodies.js";
import { loadSpec } from "./support/spec.js";

type Case = [name: string, { given: unknown; want: ValidationIssue[] }];

// One row per rule of the body schema: the exact issues, so a change of path, code or
// wording is a visible diff.
const bodyCases: Case[] = [
  [
    "not an object",
    {
      given: null,
      want: [{ path: "", code: "type", message: "value must be an object, got null" }],
    },
  ],
  [
    "an array",
    {
      given: [],
      want: [{ path: "", code: "type", message: "value must be an object, got an array" }],
    },
  ],
  [
    "missing subscription_group_id",
    {
      given: { subscription_state: "subscribed", external_id: "u" },
      want: [
        {
          path: "/subscription_group_id",
          code: "required",
          message: '"subscription_group_id" is required',
        },
      ],
    },
  ],
  [
    "subscription_state outside the enum",
    {
      given: { ...base, subscription_state: "maybe", external_id: "u" },
      want: [
        {
          path: "/subscription_state",
          code: "enum",
          message: '"subscription_state" must be one of "subscribed", "unsubscribed"',
        },
      ],
    },
  ],
  [
    "a number as subscription_group_id",
    {
      given: { ...base, subscription_group_id: 42, external_id: "u" },
      want: [
        {
          path: "/subscription_group_id",
          code: "type",
          message: '"subscription_group_id" must be a string, got a number',
        },
      ],
    },
  ],
  [
    "empty subscription_group_id",
    {
      given: { ...base, subscription_group_id: "", external_id: "u" },
      want: [
        {
          path: "/subscription_group_id",
          code: "minLength",
          message: '"subscription_group_id" must not be empty',
        },
      ],
    },
  ],
  [
    "a bad email inside an array",
    {
      given: {
        ...base,
        email: ["a@example.com", "b@example.com", "c@example.com", "not-an-email"],
      },
      want: [{ path: "/email/3", code: "format", message: '"email/3" must be an email address' }],
    },
  ],
  [
    "a phone that is not E.164",
    {
      given: { ...base, phone: ["+12223334444", "0033612345678"] },
      want: [
        {
          path: "/phone/1",
          code: "pattern",
          message: '"phone/1" must match the pattern ^\\+[1-9]\\d{1,14}$',
        },
      ],
    },
  ],
  [
    "a phone over maxLength",
    {
      given: { ...base, phone: "+1234567890123456" },
      want: [
        {
          path: "/phone",
          code: "maxLength",
          message: '"phone" must be at most 16 characters long',
        },
      ],
    },
  ],
  [
    "51 external ids",
    {
      given: { ...base, external_id: many.externalIds(51) },
      want: [
        {
          path: "/external_id",
          code: "maxItems",
          message: '"external_id" must hold at most 50 items, got 51',
        },
      ],
    },
  ],
  [
    "an empty email array",
    {
      given: { ...base, email: [] },
      want: [{ path: "/email", code: "minItems", message: '"email" must not be an empty array' }],
    },
  ],
  [
    "an empty external id",
    {
      given: { ...base, external_id: ["ok", ""] },
      want: [
        { path: "/external_id/1", code: "minLength", message: '"external_id/1" must not be empty' },
      ],
    },
  ],
  [
    "an external id of 513 characters",
    {
      given: { ...base, external_id: "x".repeat(513) },
      want: [
        {
          path: "/external_id",
          code: "maxLength",
          message: '"external_id" must be at most 512 characters long',
        },
      ],
    },
  ],
  [
    "a number where a list is expected",
    {
      given: { ...base, external_id: 7 },
      want: [
        {
          path: "/external_id",
          code: "type",
          message: '"external_id" must be a string or an array, got a number',
        },
      ],
    },
  ],
  [
    "a string for use_double_opt_in_logic",
    {
      given: { ...base, phone: "+12223334444", use_double_opt_in_logic: "yes" },
      want: [
        {
          path: "/use_double_opt_in_logic",
          code: "type",
          message: '"use_double_opt_in_logic" must be a boolean, got a string',
        },
      ],
    },
  ],
  [
    "an unknown field",
    {
      given: { ...base, external_id: "u", emails: ["a@example.com"] },
      want: [
        {
          path: "/emails",
          code: "additionalProperties",
          message:
            '"emails" is not an allowed field (allowed: subscription_group_id, subscription_state, external_id, email, phone, use_double_opt_in_logic)',
        },
      ],
    },
  ],
  [
    "a key that needs pointer escaping",
    {
      given: { ...base, external_id: "u", "a/b~c": 1 },
      want: [
        expect.objectContaining({
          path: "/a~1b~0c",
          code: "additionalProperties",
        }) as ValidationIssue,
      ],
    },
  ],
  [
    "several issues at once, in schema order",
    {
      given: { subscription_state: 1, email: ["ok@example.com", 5], extra: true },
      want: [
        expect.objectContaining({
          path: "/extra",
          code: "additionalProperties",
        }) as ValidationIssue,
        {
          path: "/subscription_group_id",
          code: "required",
          message: '"subscription_group_id" is required',
        },
        {
          path: "/subscription_state",
          code: "type",
          message: '"subscription_state" must be a string, got a number',
        },
        { path: "/email/1", code: "type", message: '"email/1" must be a string, got a number' },
      ],
    },
  ],
];

describe("validateSetSubscriptionStatusBody: one row per rule", () => {
  it.each(bodyCases)("%s", (_name, { given, want }) => {
    expect(validateSetSubscriptionStatusBody(given)).toEqual({ ok: false, errors: want });
  });
});

describe("cross-field rules give one precise issue worded by the spec", () => {
  const rules = loadSpec().components.schemas.SetSubscriptionStatusBody?.allOf as Array<
    Record<string, string>
  >;
  const wording = (code: string) =>
    rules.find((rule) => rule["x-error-code"] === code)?.["x-error-message"];

  it("reads Braze's own text for email with phone from the spec", () => {
    expect(wording("conflict")).toBe(
      "Either an email address or a phone number should be provided, but not both.",
    );
  });

  it("email with phone: one conflict issue", () => {
    const result = validateSetSubscriptionStatusBody({
      ...base,
      email: "a@example.com",
      phone: "+12223334444",
    });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "", code: "conflict", message: wording("conflict") }],
    });
  });

  it("no identifier at all: one issue naming the three fields", () => {
    const result = validateSetSubscriptionStatusBody({ ...base });
    expect(result).toEqual({
      ok: false,
      errors: [{ path: "", code: "required", message: wording("required") }],
    });
    expect(wording("required")).toMatch(/external_id.*email.*phone/);
  });

  it("both rules and a field issue are all reported, each once", () => {
    const result = validateSetSubscriptionStatusBody({
      ...base,
      email: "bad",
      phone: "+12223334444",
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.map((e) => e.code)).toEqual(["format", "conflict"]);
  });
});

describe("valid bodies come back typed and untouched", () => {
  it.each([
    ["one external id as a string", { ...base, external_id: "user-1" }],
    ["50 external ids", { ...base, external_id: many.externalIds(50) }],
    ["50 emails", { ...base, subscription_state: "unsubscribed", email: many.emails(50) }],
    [
      "50 phones with double opt-in",
      { ...base, phone: many.phones(50), use_double_opt_in_logic: true },
    ],
    ["external ids with emails", { ...base, external_id: ["u1"], email: "a@example.com" }],
    [
      "a 512-character external id of astral characters",
      { ...base, external_id: "😀".repeat(512) },
    ],
  ])("%s", (_name, body) => {
    const result = validateSetSubscriptionStatusBody(body);
    expect(result).toEqual({ ok: true, value: body });
    expect(result.ok && result.value).toBe(body);
  });
});

describe("per-schema validators, one identifier at a time", () => {
  it.each([
    ["Email", validateEmail, "a.b+c@mail.example.com", true],
    ["Email", validateEmail, "a@b", false],
    ["Email", validateEmail, "ab", false],
    ["Email", validateEmail, `${"a".repeat(250)}@b.co`, false],
    ["E164Phone", validateE164Phone, "+12223334444", true],
    ["E164Phone", validateE164Phone, "+0123", false],
    ["E164Phone", validateE164Phone, "12223334444", false],
    ["ExternalId", validateExternalId, "x", true],
    ["ExternalId", validateExternalId, "", false],
    ["SubscriptionGroupId", validateSubscriptionGroupId, "g".repeat(256), true],
    ["SubscriptionGroupId", validateSubscriptionGroupId, "g".repeat(257), false],
    ["SubscriptionState", validateSubscriptionState, "unsubscribed", true],
    ["SubscriptionState", validateSubscriptionState, "Subscribed", false],
  ] as const)("%s %j → %s", (_schema, validate, given, ok) => {
    expect(validate(given).ok).toBe(ok);
  });

  it("names the value itself at the root", () => {
    expect(validateEmail("nope")).toEqual({
      ok: false,
      errors: [{ path: "", code: "format", message: "value must be an email address" }],
    });
  });

  it("counts characters as code points, as JSON Schema does", () => {
    // 16 code points, 17 UTF-16 units: within maxLength 16 for the length rule (the pattern still refuses it).
    const result = validateE164Phone(`+1${"2".repeat(13)}😀`);
    expect(!result.ok && result.errors[0]?.code).toBe("pattern");
    expect(validateExternalId("😀".repeat(512)).ok).toBe(true);
    expect(validateExternalId("😀".repeat(513)).ok).toBe(false);
  });
});
