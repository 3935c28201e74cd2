// The option types as an app writes them: settings kept `as const` (readonly arrays) are
// accepted wherever the fake only reads them.
import { describe, expectTypeOf, it } from "vitest";
import { type BrazeFakeOptions, type FaultOptions, startBrazeFake } from "../src/index.js";

describe("option types", () => {
  it("take readonly arrays: storms, unknown groups, API keys, permissions", () => {
    const storms = [{ startMs: 0, durationMs: 100, everyMs: 1_000 }] as const;
    const keys = ["key-a"] as const;
    const faults = { storms, unknownGroups: keys, rates: { 503: 0.1 } } as const;
    expectTypeOf(faults).toExtend<FaultOptions>();
    const options = { apiKeys: keys, permissions: { "key-a": keys }, faults } as const;
    expectTypeOf(options).toExtend<BrazeFakeOptions>();
    expectTypeOf(startBrazeFake).toBeCallableWith(options);
  });
});
