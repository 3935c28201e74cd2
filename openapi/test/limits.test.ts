import { describe, expect, it } from "vitest";
import { deref, operations } from "./support/bundled-spec.js";

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
});
