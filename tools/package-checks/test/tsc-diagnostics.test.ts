import { describe, expect, it } from "vitest";
import { checkedResolutions } from "../src/recipe-checks.js";
import { expectedDiagnostics, parseTscErrors, parseTscOutput } from "../src/tsc-diagnostics.js";

describe("tsc diagnostics", () => {
  it("parses tsc's plain output", () => {
    const output = [
      "src/mistakes.ts(8,7): error TS2322: Type '\"MARS-01\"' is not assignable to type 'InstanceName'.",
      "  Elaborated detail lines are ignored.",
      "src/other.ts(1,1): error TS2741: Property 'subscription_state' is missing.",
    ].join("\n");
    expect(parseTscOutput(output)).toEqual([
      { file: "src/mistakes.ts", line: 8, code: "TS2322" },
      { file: "src/other.ts", line: 1, code: "TS2741" },
    ]);
  });

  it("keeps each error's message with the detail lines tsc indents under it", () => {
    const output = [
      "a.ts(3,9): error TS2345: Argument of type 'X' is not assignable to parameter of type 'Y'.",
      "  Types of property 'id' are incompatible.",
      "    Type 'readonly [\"u\"]' is not assignable to type 'string[]'.",
      "b.ts(1,1): error TS2304: Cannot find name 'braze'.",
      "",
    ].join("\n");
    expect(parseTscErrors(output)).toEqual([
      {
        file: "a.ts",
        line: 3,
        column: 9,
        code: "TS2345",
        message: [
          "Argument of type 'X' is not assignable to parameter of type 'Y'.",
          "  Types of property 'id' are incompatible.",
          "    Type 'readonly [\"u\"]' is not assignable to type 'string[]'.",
        ].join("\n"),
      },
      { file: "b.ts", line: 1, column: 1, code: "TS2304", message: "Cannot find name 'braze'." },
    ]);
  });

  it("reads `// expect TSxxxx` markers at line ends only", () => {
    const source = [
      "const a = 1; // expect TS2322",
      "// expect TS9999 is prose here, not a marker.",
      "b(); // expect TS2345",
    ].join("\n");
    expect(expectedDiagnostics("x.ts", source)).toEqual([
      { file: "x.ts", line: 1, code: "TS2322" },
      { file: "x.ts", line: 3, code: "TS2345" },
    ]);
  });
});

describe("checkedResolutions", () => {
  it.each([
    [
      "a dual package",
      { exports: { ".": { import: "./a.js", require: "./a.cjs" } } },
      ["node16-cjs", "node16-esm", "bundler"],
    ],
    [
      "an ESM-only package",
      { exports: { ".": { types: "./a.d.ts", default: "./a.js" } } },
      ["node16-esm", "bundler"],
    ],
  ])("%s", (_name, manifest, want) => {
    expect(checkedResolutions(manifest)).toEqual(want);
  });
});
