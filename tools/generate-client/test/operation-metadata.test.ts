import { describe, expect, it } from "vitest";
import { instanceMap, type OpenApiDocument, operationMetadata } from "../src/index.js";
import crossField from "./fixtures/cross-field.json" with { type: "json" };
import minimal from "./fixtures/minimal.json" with { type: "json" };

describe("operationMetadata", () => {
  const cases: [string, { given: OpenApiDocument; want: Record<string, unknown> }][] = [
    [
      "reads method, path, permission, rate limit and list fields",
      {
        given: minimal as OpenApiDocument,
        want: {
          tagItems: {
            operationId: "tagItems",
            method: "POST",
            path: "/items/tag",
            requiredPermission: "items.tag",
            rateLimit: { bucket: "items", limit: 10, intervalMs: 1000 },
            maxResponseBytes: 4096,
            requestBody: {
              schema: "TagBody",
              required: ["tag", "ids"],
              listFields: {
                ids: {
                  itemSchema: "ItemId",
                  minItems: 1,
                  maxItems: 3,
                  acceptsSingle: false,
                  itemFields: null,
                },
              },
              atLeastOneOf: [],
              mutuallyExclusive: [],
              extensions: {},
            },
            query: null,
          },
        },
      },
    ],
    [
      "follows requestBody refs, single-or-array fields and cross-field rules",
      {
        given: crossField as OpenApiDocument,
        want: {
          listContacts: {
            operationId: "listContacts",
            method: "GET",
            path: "/contacts",
            requiredPermission: null,
            rateLimit: null,
            maxResponseBytes: null,
            requestBody: null,
            // Query parameters read as one object: header parameters left out, the
            // parameters' `required` and the operation's x-query-rules combined.
            query: {
              parameters: {
                mail: { type: "string", default: null },
                fax: { type: "string", default: null },
                page_size: { type: "integer", default: 10 },
              },
              required: ["page_size"],
              listFields: {
                mail: {
                  itemSchema: "Mail",
                  minItems: null,
                  maxItems: 5,
                  acceptsSingle: true,
                  itemFields: null,
                },
              },
              atLeastOneOf: [["mail", "fax"]],
              mutuallyExclusive: [],
            },
          },
          putContacts: {
            operationId: "putContacts",
            method: "PUT",
            path: "/contacts",
            requiredPermission: null,
            rateLimit: null,
            maxResponseBytes: null,
            requestBody: {
              schema: "Contacts",
              required: [],
              listFields: {
                mail: {
                  itemSchema: "Mail",
                  minItems: null,
                  maxItems: 5,
                  acceptsSingle: true,
                  itemFields: null,
                },
                fax: {
                  itemSchema: null,
                  minItems: null,
                  maxItems: null,
                  acceptsSingle: false,
                  itemFields: null,
                },
              },
              atLeastOneOf: [["mail", "fax"]],
              mutuallyExclusive: [["mail", "fax"]],
              extensions: {},
            },
            query: null,
          },
          // Items that are objects carry their own rules; the body's x- keys are kept.
          batchContacts: {
            operationId: "batchContacts",
            method: "POST",
            path: "/contacts/batch",
            requiredPermission: null,
            rateLimit: null,
            maxResponseBytes: null,
            requestBody: {
              schema: "Batch",
              required: [],
              listFields: {
                groups: {
                  itemSchema: "Contacts",
                  minItems: null,
                  maxItems: 3,
                  acceptsSingle: false,
                  itemFields: {
                    required: [],
                    listFields: {
                      mail: {
                        itemSchema: "Mail",
                        minItems: null,
                        maxItems: 5,
                        acceptsSingle: true,
                        itemFields: null,
                      },
                      fax: {
                        itemSchema: null,
                        minItems: null,
                        maxItems: null,
                        acceptsSingle: false,
                        itemFields: null,
                      },
                    },
                    atLeastOneOf: [["mail", "fax"]],
                    mutuallyExclusive: [["mail", "fax"]],
                  },
                },
              },
              atLeastOneOf: [],
              mutuallyExclusive: [],
              extensions: { "x-max-total": 4 },
            },
            query: null,
          },
        },
      },
    ],
  ];
  it.each(cases)("%s", (_name, { given, want }) => {
    expect(operationMetadata(given)).toEqual(want);
  });

  it("reads cross-field rules whose branches carry annotations, and no rule from a branch that constrains more", () => {
    const annotated = structuredClone(crossField) as unknown as OpenApiDocument;
    const contacts = annotated.components?.schemas?.Contacts as {
      allOf: [{ anyOf: Record<string, unknown>[] }, { not: Record<string, unknown> }];
    };
    const [choices, conflict] = contacts.allOf;
    choices.anyOf[0] = { ...choices.anyOf[0], title: "by mail", description: "Mail only." };
    conflict.not = { ...conflict.not, $comment: "both at once" };
    const body = (doc: OpenApiDocument) => operationMetadata(doc).putContacts?.requestBody;
    expect(body(annotated)).toMatchObject({
      atLeastOneOf: [["mail", "fax"]],
      mutuallyExclusive: [["mail", "fax"]],
    });

    choices.anyOf[1] = { ...choices.anyOf[1], minProperties: 2 };
    expect(body(annotated)?.atLeastOneOf).toEqual([]);
  });

  it.each([
    ["a missing bucket", { limit: 1, intervalMs: 1 }],
    ["a zero limit", { bucket: "b", limit: 0, intervalMs: 1 }],
    ["a fractional interval", { bucket: "b", limit: 1, intervalMs: 0.5 }],
  ])("refuses an x-rate-limit with %s", (_name, rateLimit) => {
    const doc = structuredClone(minimal) as OpenApiDocument & typeof minimal;
    (doc.paths["/items/tag"].post as Record<string, unknown>)["x-rate-limit"] = rateLimit;
    expect(() => operationMetadata(doc)).toThrow(/x-rate-limit of tagItems/);
  });
});

describe("x-max-response-bytes", () => {
  it.each([
    ["zero", 0],
    ["a fraction", 10.5],
    ["a string", "64KiB"],
  ])("is refused when it is %s", (_name, value) => {
    const doc = structuredClone(minimal) as OpenApiDocument & typeof minimal;
    (doc.paths["/items/tag"].post as Record<string, unknown>)["x-max-response-bytes"] = value;
    expect(() => operationMetadata(doc)).toThrow(/x-max-response-bytes of tagItems/);
  });
});

describe("instanceMap", () => {
  const cases: [string, { given: OpenApiDocument; want: Record<string, string> }][] = [
    [
      "names servers by x-instance, trims trailing slashes, skips unnamed ones",
      {
        given: minimal as OpenApiDocument,
        want: { EU: "https://eu.example.test", US: "https://us.example.test" },
      },
    ],
    ["is empty without servers", { given: crossField as OpenApiDocument, want: {} }],
  ];
  it.each(cases)("%s", (_name, { given, want }) => {
    expect(instanceMap(given)).toEqual(want);
  });

  it("refuses two servers with one name", () => {
    const doc: OpenApiDocument = {
      openapi: "3.1.0",
      servers: [
        { url: "https://a.test", "x-instance": "X" },
        { url: "https://b.test", "x-instance": "X" },
      ],
    };
    expect(() => instanceMap(doc)).toThrow(/Two servers claim the instance name X/);
  });
});
