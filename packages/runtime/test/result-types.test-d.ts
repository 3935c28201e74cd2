import { describe, expectTypeOf, it } from "vitest";
import type {
  BrazeAbortError,
  BrazeRuntime,
  GetStatusResult,
  IdentifierType,
  Outcome,
  SetStatusResult,
} from "../src/index.js";

declare const braze: BrazeRuntime;
declare const ids: AsyncIterable<string>;

// What the README documents about results, as a strict TypeScript user writes it.
describe("the results of setStatus and getStatus", () => {
  it("setStatus resolves with every outcome: `outcomes` is there, not possibly undefined", async () => {
    const result = await braze.setStatus({
      subscriptionGroupId: "g",
      state: "subscribed",
      emails: ids,
    });
    expectTypeOf(result.outcomes).toEqualTypeOf<Outcome[]>();
    // Was TS18048 ('result.outcomes' is possibly 'undefined') under `strict`.
    const failed: number = result.outcomes.filter((o) => o.outcome === "failed").length;
    void failed;
  });

  it("an outcome narrows by `outcome`, exhaustively", async () => {
    const { outcomes } = await braze.setStatus({
      subscriptionGroupId: "g",
      state: "subscribed",
      externalIds: ["a"],
    });
    for (const o of outcomes) {
      if (o.outcome === "failed") expectTypeOf(o.error.code).toBeString();
      else if (o.outcome === "invalid") expectTypeOf(o.issue.path).toBeString();
      else if (o.outcome === "not_sent") expectTypeOf(o.reason).toBeString();
      else if (o.outcome === "duplicate" || o.outcome === "succeeded")
        expectTypeOf(o.id).toBeString();
      else expectTypeOf(o).toBeNever();
    }
  });

  it("an invalid outcome may name no identifier (a row that is not a row): type and id may be null", async () => {
    const { outcomes } = await braze.setStatus([]);
    for (const o of outcomes) {
      if (o.outcome === "invalid") {
        expectTypeOf(o.type).toEqualTypeOf<IdentifierType | null>();
        expectTypeOf(o.id).toEqualTypeOf<string | null>();
      } else {
        expectTypeOf(o.type).toEqualTypeOf<IdentifierType>();
        expectTypeOf(o.id).toBeString();
      }
    }
  });

  it('an abort\'s result tells writes from reads with `"succeeded" in`, each with its outcomes', () => {
    const result = ({} as BrazeAbortError).result;
    if (result !== undefined && "succeeded" in result) {
      expectTypeOf(result).toEqualTypeOf<SetStatusResult>();
      expectTypeOf(result.outcomes).toEqualTypeOf<Outcome[]>();
    } else if (result !== undefined) {
      expectTypeOf(result).toEqualTypeOf<GetStatusResult>();
    }
  });
});
