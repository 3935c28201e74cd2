import { describe, expect, it } from "vitest";
import { schemaEnums } from "../src/index.js";

describe("schemaEnums", () => {
  it("lists each named string enum's values in the spec's order, and nothing else", () => {
    expect(
      schemaEnums({
        openapi: "3.1.0",
        components: {
          schemas: {
            State: { type: "string", enum: ["subscribed", "unsubscribed", "paused"] },
            Level: { type: "integer", enum: [1, 2, 3] },
            Mixed: { enum: ["a", 1] },
            Empty: { type: "string", enum: [] },
            Plain: { type: "string" },
            Body: { type: "object", properties: { inline: { type: "string", enum: ["x"] } } },
          },
        },
      }),
    ).toEqual({ State: ["subscribed", "unsubscribed", "paused"] });
  });

  it("is empty for a spec without schemas", () => {
    expect(schemaEnums({ openapi: "3.1.0" })).toEqual({});
  });
});
