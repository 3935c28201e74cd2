import { describe, expect, it } from "vitest";
import { deref, type Node, operations, spec } from "./support/bundled-spec.js";

describe("limits stated for machines, not only in prose", () => {
  // Braze does not say whether "up to 50" counts each list or the whole request, for v1 as for
  // v2: the whole-request cap must be readable by the runtime and the fake from each write,
  // not inferred from the lists' `maxItems`.
  it.each(
    operations()
      .filter((o) => o.operation.requestBody !== undefined)
      .map((o) => [`${o.method} ${o.path}`, o] as const),
  )("%s: its request body states x-max-identifiers", (_, { operation }) => {
    const body = deref(operation.requestBody);
    expect(body["x-max-identifiers"]).toBeTypeOf("number");
  });

  // HTTP allows seconds or an HTTP date, and the runtime reads both: Braze documents neither,
  // so the spec must not promise one.
  it("Retry-After may be seconds or an HTTP date", () => {
    const header = deref(((spec.components as Node).headers as Node)["Retry-After"]);
    const schema = header.schema as Node;
    const types = ((schema.oneOf ?? [schema]) as Node[]).map((s) => s.type);
    expect(types).toEqual(expect.arrayContaining(["integer", "string"]));
  });
});
