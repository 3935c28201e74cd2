import { describe, expect, it } from "vitest";
import { type OpenApiDocument, operationMetadata } from "../src/index.js";

const doc: OpenApiDocument = {
  openapi: "3.1.0",
  paths: {
    "/moves": {
      post: {
        operationId: "move",
        requestBody: {
          content: {
            "application/json": {
              schema: {
                type: "object",
                properties: {
                  add: { type: "array", items: { $ref: "#/components/schemas/Entry" } },
                  remove: { type: "array", items: { $ref: "#/components/schemas/Entry" } },
                },
              },
            },
          },
        },
      },
    },
  },
  components: {
    schemas: {
      Entry: {
        type: "object",
        required: ["id"],
        properties: {
          id: { type: "string" },
          children: { type: "array", items: { $ref: "#/components/schemas/Entry" } },
        },
      },
    },
  },
};

// Two lists of one item schema are not recursion: each gets the item's rules. Only a schema
// met again inside itself (Entry's children) stops the descent.
describe("list fields whose items share one object schema", () => {
  it("each carry the item's rules; the recursive one inside stops", () => {
    const fields = operationMetadata(doc).move?.requestBody?.listFields;
    for (const name of ["add", "remove"]) {
      expect(fields?.[name]?.itemFields).toMatchObject({
        required: ["id"],
        listFields: { children: { itemSchema: "Entry", itemFields: null } },
      });
    }
  });
});
