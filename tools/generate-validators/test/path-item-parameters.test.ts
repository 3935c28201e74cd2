import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { generateFixture } from "./support/generate-fixture.js";

type Validate = (input: unknown) => {
  ok: boolean;
  errors?: Array<{ path: string; code: string; message: string }>;
};

// OpenAPI lets a path item declare parameters for all of its operations; an operation's own
// parameter of the same name and location replaces the path item's.
describe("query validators with parameters declared on the path item", () => {
  let queryValidators: Record<string, Validate>;

  beforeAll(async () => {
    const { outDir } = await generateFixture("path-item-parameters");
    ({ queryValidators } = (await import(
      pathToFileURL(join(outDir, "validators.gen.ts")).href
    )) as { queryValidators: Record<string, Validate> });
  });

  it.each([
    ["the path item's limit", { kind: "a", limit: 101 }, "/limit", "maximum"],
    ["the operation's offset, not the path item's", { kind: "a", offset: 5 }, "/offset", "minimum"],
    ["the operation's own parameter", { kind: "abcd" }, "/kind", "maxLength"],
  ])("checks %s", (_name, given, path, code) => {
    const result = queryValidators.listParts?.(given);
    expect(result?.errors?.map((issue) => [issue.path, issue.code])).toEqual([[path, code]]);
  });

  it("accepts a query within every rule", () => {
    expect(queryValidators.listParts?.({ kind: "a", limit: 100, offset: 10 })).toMatchObject({
      ok: true,
    });
  });
});
