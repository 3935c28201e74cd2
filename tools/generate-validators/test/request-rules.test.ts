import { describe, expect, it } from "vitest";
import { renderValidators, UnsupportedSchemaError } from "../src/index.js";
import { oneOperationSpec } from "./support/one-operation-spec.js";

/** A one-operation spec: a body with a list of `rows`, each with `a`, `b` (lists) and `rule`s. */
const specWith = (body: Record<string, unknown>, rules: unknown[]) =>
  oneOperationSpec(
    {
      ...body,
      content: { "application/json": { schema: { $ref: "#/components/schemas/Body" } } },
    },
    {
      Body: {
        type: "object",
        properties: {
          top: { type: "array", items: { type: "string" } },
          order_rows: { type: "array", items: { $ref: "#/components/schemas/Row" } },
        },
      },
      Row: {
        type: "object",
        properties: {
          a: { type: "array", items: { type: "string" } },
          b: { oneOf: [{ type: "string" }, { type: "array", items: { type: "string" } }] },
          name: { type: "string" },
        },
        ...(rules.length > 0 ? { allOf: rules } : {}),
      },
    },
    "postX",
  );

const rulesOf = async (spec: string) => {
  const files = await renderValidators(spec, "./types.gen.js");
  const json = /= frozenRules\((\{\}|\{[\s\S]*?\n\})\);/.exec(
    files["request-rules.gen.ts"] ?? "",
  )?.[1];
  return JSON.parse(json ?? "null") as Record<string, unknown>;
};
const exclusion = { not: { required: ["a", "b"] }, "x-error-code": "both", "x-error-message": "M" };

describe("request-wide rules found in a spec", () => {
  const rows: [string, { body: Record<string, unknown>; rules: unknown[]; want: unknown }][] = [
    ["none: no entry", { body: {}, rules: [exclusion], want: {} }],
    [
      "x-max-identifiers: every list of non-objects counts, in the body and in each row",
      {
        body: { "x-max-identifiers": 7 },
        rules: [],
        want: {
          postX: {
            path: "/x",
            lists: ["top"],
            items: { field: "order_rows", noun: "rows", lists: ["a", "b"] },
            maxIdentifiers: 7,
            exclusive: [],
          },
        },
      },
    ],
    [
      "x-request-wide on a row's not-required rule",
      {
        body: {},
        rules: [{ ...exclusion, "x-request-wide": true }],
        want: {
          postX: expect.objectContaining({
            maxIdentifiers: null,
            exclusive: [{ fields: ["a", "b"], code: "both", specMessage: "M" }],
          }),
        },
      },
    ],
  ];
  it.each(rows)("%s", async (_, { body, rules, want }) => {
    expect(await rulesOf(specWith(body, rules))).toEqual(want);
  });

  const refused: [string, { body: Record<string, unknown>; rules: unknown[] }][] = [
    ["x-max-identifiers not an integer", { body: { "x-max-identifiers": "50" }, rules: [] }],
    [
      "x-request-wide on a rule that is not `not: required`",
      { body: {}, rules: [{ anyOf: [{ required: ["a"] }], "x-request-wide": true }] },
    ],
    [
      "x-request-wide without an x-error-message",
      {
        body: {},
        rules: [{ not: { required: ["a", "b"] }, "x-request-wide": true }],
      },
    ],
    // A marker the generator does not read must not be dropped in silence: the rule would
    // reach no consumer while the spec says it holds over the whole request.
    [
      "x-request-wide on a rule nested in a row's allOf entry",
      { body: {}, rules: [{ allOf: [{ ...exclusion, "x-request-wide": true }] }] },
    ],
    [
      "x-request-wide on the `not` of a row's rule instead of the rule",
      {
        body: {},
        rules: [{ ...exclusion, not: { required: ["a", "b"], "x-request-wide": true } }],
      },
    ],
  ];
  it.each(refused)("refuses %s", async (_, { body, rules }) => {
    const attempt = renderValidators(specWith(body, rules), "./t.js");
    await expect(attempt).rejects.toBeInstanceOf(UnsupportedSchemaError);
    await expect(attempt).rejects.toThrow(/x-max-identifiers|x-request-wide/);
  });
});

describe("x-request-wide where the generator reads no request-wide rule", () => {
  it("refuses it on the body itself (a body without a list of objects)", async () => {
    const spec = JSON.parse(specWith({}, [])) as {
      components: { schemas: Record<string, Record<string, unknown>> };
    };
    spec.components.schemas.Body = {
      type: "object",
      properties: { top: { type: "array", items: { type: "string" } } },
      allOf: [{ ...exclusion, "x-request-wide": true }],
    };
    const attempt = renderValidators(JSON.stringify(spec), "./t.js");
    await expect(attempt).rejects.toBeInstanceOf(UnsupportedSchemaError);
    await expect(attempt).rejects.toThrow(/x-request-wide/);
  });
});
