import { join } from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compileWithAjv } from "./support/ajv.js";
import { generateFixture } from "./support/generate-fixture.js";

// The generator on a spec that uses every keyword it supports: exact issues per rule, and the
// same verdict as Ajv on generated inputs.
type Validate = (input: unknown) => {
  ok: boolean;
  errors?: Array<{ path: string; code: string; message: string }>;
};
type Module = Record<string, unknown> & {
  schemaValidators: Record<string, Validate>;
  requestBodyValidators: Record<string, Validate>;
};

let generated: Module;
let spec: Record<string, unknown>;

beforeAll(async () => {
  const fixture = await generateFixture("kitchen-sink", "kitchen-sink-behaviour");
  spec = fixture.spec;
  generated = (await import(
    pathToFileURL(join(fixture.outDir, "validators.gen.ts")).href
  )) as Module;
});

const order = {
  id: "123e4567-e89b-12d3-a456-426614174000",
  currency: "EUR",
  kind: "order",
  lines: [{ sku: "ABC-123", quantity: 2 }],
};

type Row = [
  string,
  {
    schema: string;
    given: unknown;
    want: Array<{ path: string; code: string; message: string }> | "ok";
  },
];

const rows: Row[] = [
  ["a valid order", { schema: "Order", given: order, want: "ok" }],
  [
    "enum with a number and null",
    { schema: "Order", given: { ...order, currency: 978 }, want: "ok" },
  ],
  [
    "enum miss",
    {
      schema: "Order",
      given: { ...order, currency: "GBP" },
      want: [
        {
          path: "/currency",
          code: "enum",
          message: '"currency" must be one of "EUR", "USD", 978, null',
        },
      ],
    },
  ],
  [
    "const miss",
    {
      schema: "Order",
      given: { ...order, kind: "x" },
      want: [{ path: "/kind", code: "const", message: '"kind" must be "order"' }],
    },
  ],
  [
    "format uuid",
    {
      schema: "Order",
      given: { ...order, id: "nope" },
      want: [{ path: "/id", code: "format", message: '"id" must be a UUID' }],
    },
  ],
  [
    "integer",
    {
      schema: "Order",
      given: { ...order, lines: [{ sku: "ABC-123", quantity: 1.5 }] },
      want: [
        {
          path: "/lines/0/quantity",
          code: "type",
          message: '"lines/0/quantity" must be an integer, got a number',
        },
      ],
    },
  ],
  [
    "minimum and required in an item",
    {
      schema: "Order",
      given: { ...order, lines: [{ sku: "ABC-123", quantity: 0 }, { quantity: 100 }] },
      want: [
        {
          path: "/lines/0/quantity",
          code: "minimum",
          message: '"lines/0/quantity" must be at least 1',
        },
        { path: "/lines/1/sku", code: "required", message: '"lines/1/sku" is required' },
        {
          path: "/lines/1/quantity",
          code: "maximum",
          message: '"lines/1/quantity" must be at most 99',
        },
      ],
    },
  ],
  [
    "an escaped property name and exclusiveMinimum",
    {
      schema: "Order",
      given: { ...order, "a/b": 0 },
      want: [{ path: "/a~1b", code: "exclusiveMinimum", message: '"a~1b" must be greater than 0' }],
    },
  ],
  [
    "a false schema",
    {
      schema: "Order",
      given: { ...order, nothing: 1 },
      want: [{ path: "/nothing", code: "not", message: '"nothing" must not be given' }],
    },
  ],
  [
    "additionalProperties with a schema, and maxProperties",
    {
      schema: "Order",
      given: { ...order, meta: { a: "ab", b: "c", c: "a" } },
      want: [
        { path: "/meta", code: "maxProperties", message: '"meta" must have at most 2 fields' },
        { path: "/meta/b", code: "pattern", message: '"meta/b" must match the pattern ^(a|b)+$' },
      ],
    },
  ],
  [
    "x-error-message on a not rule",
    {
      schema: "Order",
      given: { ...order, contact: "someone@example.com", "a/b": 1 },
      want: [{ path: "", code: "conflict", message: "Give a contact or a ratio, not both." }],
    },
  ],
  [
    "anyOf of required: generic wording",
    {
      schema: "Order",
      given: { id: order.id, currency: "USD", lines: order.lines },
      want: [
        {
          path: "",
          code: "required",
          message: 'value needs at least one of "kind", "meta" or "anything"',
        },
      ],
    },
  ],
  [
    "minProperties",
    {
      schema: "Order",
      given: { id: order.id, currency: "USD" },
      want: [
        { path: "", code: "minProperties", message: "value must have at least 3 fields" },
        { path: "/lines", code: "required", message: '"lines" is required' },
        {
          path: "",
          code: "required",
          message: 'value needs at least one of "kind", "meta" or "anything"',
        },
      ],
    },
  ],
  [
    "oneOf that matches two branches",
    {
      schema: "Contact",
      given: "a@bcd.efgh",
      want: [
        {
          path: "",
          code: "oneOf",
          message: "value must match exactly one of an email address, a string or an object",
        },
      ],
    },
  ],
  ["oneOf that matches one", { schema: "Contact", given: { phone: "1" }, want: "ok" }],
  [
    "nullable type",
    {
      schema: "patchPing",
      given: { at: 1, note: 5 },
      want: [
        { path: "/note", code: "type", message: '"note" must be a string or null, got a number' },
      ],
    },
  ],
  ["nullable null", { schema: "patchPing", given: { at: 1, note: null }, want: "ok" }],
  [
    "exclusiveMaximum",
    {
      schema: "patchPing",
      given: { at: 4102444800 },
      want: [
        { path: "/at", code: "exclusiveMaximum", message: '"at" must be less than 4102444800' },
      ],
    },
  ],
  [
    "recursive schema",
    {
      schema: "Tree",
      given: { name: "root", children: [{ name: "abc", children: [] }] },
      want: "ok",
    },
  ],
  [
    "recursive schema, deep issue",
    {
      schema: "Tree",
      given: { name: "root", children: [{ name: "abc", children: [{ name: "x" }] }] },
      want: [
        {
          path: "/children/0/children/0/name",
          code: "minLength",
          message: '"children/0/children/0/name" must be at least 2 characters long',
        },
        {
          path: "/children/0/children/0",
          code: "anyOf",
          message: '"children/0/children/0" must match at least one of option 1 or option 2',
        },
      ],
    },
  ],
  [
    "anyOf with no branch passing: generic wording",
    {
      schema: "Tree",
      given: { name: "ab" },
      want: [
        {
          path: "",
          code: "anyOf",
          message: "value must match at least one of option 1 or option 2",
        },
      ],
    },
  ],
];

describe("generated validators of the kitchen-sink spec", () => {
  it.each(rows)("%s", (_name, { schema, given, want }) => {
    const validate = generated.schemaValidators[schema] ?? generated.requestBodyValidators[schema];
    if (!validate) throw new Error(`no validator for ${schema}`);
    expect(validate(given)).toEqual(
      want === "ok" ? { ok: true, value: given } : { ok: false, errors: want },
    );
  });

  it("names validators by component, or by operation for inline bodies", () => {
    expect(Object.keys(generated.requestBodyValidators)).toEqual([
      "placeOrder",
      "put-tree",
      "patchPing",
    ]);
    expect(generated.requestBodyValidators["put-tree"]).toBe(generated.validateTree);
    expect(generated.requestBodyValidators.patchPing).toBe(generated.validatePatchPingRequestBody);
    expect(Object.keys(generated.schemaValidators)).toEqual(["Order", "Line", "Contact", "Tree"]);
  });

  it("survives 10,000 levels of a recursive schema without throwing", () => {
    let tree: unknown = { name: "leaf" };
    for (let i = 0; i < 10_000; i++) tree = { name: "node", children: [tree] };
    const result = generated.schemaValidators.Tree?.(tree);
    expect(result?.ok === true || result?.errors?.[0]?.code === "unreadable").toBe(true);
    expect((generated.isTree as (v: unknown) => boolean)(tree)).toBeTypeOf("boolean");
  });
});

const line = fc.record(
  {
    sku: fc.oneof(fc.stringMatching(/^[A-Z]{3}-\d{3}$/), fc.string({ maxLength: 8 })),
    quantity: fc.oneof(fc.integer({ min: -1, max: 101 }), fc.double({ noNaN: true }), fc.string()),
    extra: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);
const orderLike = fc.record(
  {
    id: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 })),
    currency: fc.constantFrom("EUR", "USD", 978, null, "GBP", 979, "978"),
    kind: fc.constantFrom("order", "Order", 1),
    lines: fc.oneof(fc.array(line, { maxLength: 4 }), fc.jsonValue({ maxDepth: 1 })),
    contact: fc.oneof(
      fc.emailAddress(),
      fc.string({ minLength: 8, maxLength: 14 }),
      fc.record({ phone: fc.oneof(fc.string(), fc.integer()) }, { requiredKeys: [] }),
      fc.jsonValue({ maxDepth: 1 }),
    ),
    meta: fc.oneof(
      fc.dictionary(
        fc.string({ maxLength: 2 }),
        fc.oneof(fc.stringMatching(/^(a|b)+$/), fc.string({ maxLength: 3 })),
        { maxKeys: 3 },
      ),
      fc.jsonValue({ maxDepth: 1 }),
    ),
    "a/b": fc.oneof(fc.double({ min: -1, max: 2, noNaN: true }), fc.constantFrom(0, 1.5, "1")),
    anything: fc.jsonValue({ maxDepth: 1 }),
    nothing: fc.jsonValue({ maxDepth: 1 }),
    other: fc.jsonValue({ maxDepth: 1 }),
  },
  { requiredKeys: [] },
);
const { tree: treeLike } = fc.letrec((tie) => ({
  tree: fc.record(
    {
      name: fc.oneof(
        fc.constantFrom("root", "ab", "abc", "x", ""),
        fc.string({ maxLength: 4 }),
        fc.integer(),
      ),
      children: fc.oneof(
        { depthSize: "small" },
        fc.array(tie("tree"), { maxLength: 3 }),
        fc.jsonValue({ maxDepth: 1 }),
      ),
    },
    { requiredKeys: [] },
  ),
}));
const pingLike = fc.record(
  {
    at: fc.oneof(
      fc.integer({ min: -5, max: 2 ** 33 }),
      fc.double({ noNaN: true }),
      fc.constantFrom(0, 4102444799, 4102444800),
    ),
    note: fc.oneof(fc.string({ maxLength: 12 }), fc.constant(null), fc.integer()),
  },
  { requiredKeys: [] },
);

describe("agrees with Ajv2020 + ajv-formats on the kitchen-sink spec", () => {
  it.each([
    ["Order", "#/components/schemas/Order", orderLike],
    ["Contact", "#/components/schemas/Contact", orderLike.map((o) => o.contact)],
    ["Tree", "#/components/schemas/Tree", treeLike],
    [
      "patchPing",
      "#/paths/~1pings~1{id}/patch/requestBody/content/application~1json/schema",
      pingLike,
    ],
    ["Order (any JSON)", "#/components/schemas/Order", fc.jsonValue()],
  ] as const)(
    "%s",
    (name, pointer, arbitrary) => {
      const key = name.split(" ")[0] as string;
      const validate = generated.schemaValidators[key] ?? generated.requestBodyValidators[key];
      if (!validate) throw new Error(`no validator for ${key}`);
      const ajv = compileWithAjv(spec, pointer);
      const seen = { valid: 0, invalid: 0 };
      fc.assert(
        fc.property(arbitrary as fc.Arbitrary<unknown>, (raw) => {
          const value = JSON.parse(JSON.stringify(raw ?? null)) as unknown;
          const expected = ajv(value);
          seen[expected ? "valid" : "invalid"]++;
          expect(validate(value).ok).toBe(expected);
        }),
        { numRuns: 2_000 },
      );
      expect(seen.invalid).toBeGreaterThan(0);
    },
    60_000,
  );
});
