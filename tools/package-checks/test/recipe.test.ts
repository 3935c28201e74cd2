import { describe, expect, inject, it } from "vitest";
import { checkRecipe, recipeProblems } from "../src/recipe-checks.js";

const packed = inject("packed");

describe("every published package, packed", () => {
  it("includes the packages ARCHITECTURE.md names that exist", () => {
    expect(packed.map((pkg) => pkg.name)).toEqual(
      expect.arrayContaining(["@braze-subscriptions/client", "@braze-subscriptions/openapi"]),
    );
  });

  it.each(packed.map((pkg) => [pkg.name, pkg] as const))(
    "%s passes the recipe, publint and arethetypeswrong",
    async (_name, pkg) => {
      expect(await checkRecipe(pkg)).toEqual([]);
    },
  );
});

describe("recipeProblems", () => {
  it("names each broken rule of the recipe", () => {
    const problems = recipeProblems({
      type: "commonjs",
      files: ["src"],
      engines: { node: ">=18" },
    });
    expect(problems.map((problem) => problem.message)).toEqual([
      '"type" must be "module"',
      '"files" must be ["dist"]',
      '"sideEffects" must be false',
      '"engines.node" must be ">=20.19"',
      '"exports" is missing',
      '"description" is missing',
      '"license" is missing',
    ]);
  });
});
