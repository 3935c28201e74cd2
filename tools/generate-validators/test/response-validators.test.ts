import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { generateFixture } from "./support/generate-fixture.js";

// Response validators: per operation, per documented status key (exact, range, default) and
// JSON media type, picked for an answer as OpenAPI resolves status keys.
type Result = { ok: boolean; errors?: Array<{ path: string; code: string }> };
type Validate = (input: unknown) => Result;
type Module = {
  responseBodyValidators: Record<string, Record<string, Record<string, Validate>>>;
  responseBodyValidator: (
    operationId: string,
    status: number,
    contentType: string | null | undefined,
  ) => Validate | undefined;
};

let generated: Module;

beforeAll(async () => {
  const fixture = await generateFixture("kitchen-sink", "kitchen-sink-responses");
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
    given: { operationId: string; status: number; contentType: string | null; body: unknown };
    // "undocumented": the spec describes no JSON body for that status and content type.
    want: "ok" | "undocumented" | string[];
  },
];

const rows: Row[] = [
  [
    "the exact status's schema (a component)",
    {
      given: {
        operationId: "placeOrder",
        status: 201,
        contentType: "application/json",
        body: order,
      },
      want: "ok",
    },
  ],
  [
    "the exact status's schema refuses another body",
    {
      given: {
        operationId: "placeOrder",
        status: 201,
        contentType: "application/json",
        body: { ...order, currency: "GBP" },
      },
      want: ["enum"],
    },
  ],
  [
    "a range key (2XX) for a status not listed exactly, with an inline schema",
    {
      given: {
        operationId: "placeOrder",
        status: 202,
        contentType: "Application/JSON; charset=utf-8",
        body: { status: "queued" },
      },
      want: "ok",
    },
  ],
  [
    "the range's enum refuses another value",
    {
      given: {
        operationId: "placeOrder",
        status: 200,
        contentType: "application/json",
        body: { status: "error" },
      },
      want: ["enum"],
    },
  ],
  [
    "default, through a components/responses $ref, in a +json media type",
    {
      given: {
        operationId: "placeOrder",
        status: 500,
        contentType: "application/problem+json",
        body: { title: "boom" },
      },
      want: "ok",
    },
  ],
  [
    "a non-JSON media type has no validator (an HTML page)",
    {
      given: { operationId: "placeOrder", status: 500, contentType: "text/html", body: "<p>x</p>" },
      want: "undocumented",
    },
  ],
  [
    "a media type the status does not document",
    {
      given: { operationId: "placeOrder", status: 201, contentType: "text/html", body: "x" },
      want: "undocumented",
    },
  ],
  [
    "no content type at all",
    {
      given: { operationId: "placeOrder", status: 201, contentType: null, body: order },
      want: "undocumented",
    },
  ],
  [
    "a documented status without a body does not fall through to a range",
    {
      given: { operationId: "put-tree", status: 204, contentType: "application/json", body: {} },
      want: "undocumented",
    },
  ],
  [
    "an unknown operation",
    {
      given: { operationId: "nope", status: 201, contentType: "application/json", body: order },
      want: "undocumented",
    },
  ],
  [
    "a lookup through Object.prototype finds nothing",
    {
      given: {
        operationId: "constructor",
        status: 201,
        contentType: "application/json",
        body: order,
      },
      want: "undocumented",
    },
  ],
];

describe("responseBodyValidator", () => {
  it.each(rows)("%s", (_name, { given, want }) => {
    const validate = generated.responseBodyValidator(
      given.operationId,
      given.status,
      given.contentType,
    );
    if (want === "undocumented") {
      expect(validate).toBeUndefined();
      return;
    }
    expect(validate).toBeTypeOf("function");
    const result = validate?.(given.body) as Result;
    if (want === "ok") expect(result).toEqual({ ok: true, value: given.body });
    else expect(result.errors?.map((issue) => issue.code)).toEqual(want);
  });

  it("lists every documented status key, with an empty table for one without JSON", () => {
    const table = generated.responseBodyValidators;
    expect(Object.keys(table).sort()).toEqual(["patchPing", "placeOrder", "put-tree"]);
    expect(Object.keys(table.placeOrder ?? {}).sort()).toEqual(["201", "2XX", "default"]);
    expect(Object.keys(table.placeOrder?.default ?? {})).toEqual(["application/problem+json"]);
    expect(table["put-tree"]?.["204"]).toEqual({});
    expect(Object.isFrozen(table.placeOrder?.["2XX"])).toBe(true);
  });
});
