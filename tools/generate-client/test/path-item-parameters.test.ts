import { describe, expect, it } from "vitest";
import { type OpenApiDocument, operationMetadata } from "../src/index.js";
import spec from "./fixtures/path-item-parameters.json" with { type: "json" };

// OpenAPI lets a path item declare parameters for all of its operations; an operation's own
// parameter of the same name and location replaces the path item's.
describe("parameters declared on the path item", () => {
  it("are read with the operation's own, which override them", () => {
    expect(operationMetadata(spec as OpenApiDocument).listParts?.query).toEqual({
      parameters: {
        limit: { type: "integer", default: 100 },
        offset: { type: "integer", default: 10 },
        kind: { type: "string", default: null },
      },
      required: ["kind"],
      listFields: {},
      atLeastOneOf: [],
      mutuallyExclusive: [],
    });
  });
});
