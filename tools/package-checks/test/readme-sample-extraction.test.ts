import { describe, expect, it } from "vitest";
import { readmeSamples } from "../src/readme-samples.js";
import { sampleModules } from "../src/sample-modules.js";

const readme = [
  "# pkg", // 1
  "", // 2
  "```sh", // 3
  "npm install pkg", // 4
  "```", // 5
  "", // 6
  "```ts", // 7
  "const a = 1;", // 8
  "```", // 9
  "", // 10
  "<!-- fragment -->", // 11
  "```ts", // 12
  "const b = a;", // 13
  "```", // 14
  "", // 15
  "- in a list:", // 16
  "", // 17
  "  ````ts", // 18
  "  const c = 3;", // 19
  "  ````", // 20
  "", // 21
  "<!-- fragment -->", // 22
  "", // 23
  "```ts", // 24
  "const d = 4;", // 25
  "```", // 26
  "", // 27
].join("\n");

describe("readmeSamples", () => {
  it("finds every ts block, nested and longer fences too, at its fence's line", () => {
    expect(readmeSamples("R.md", readme)).toEqual([
      { file: "R.md", line: 7, code: "const a = 1;", fragment: false },
      { file: "R.md", line: 12, code: "const b = a;", fragment: true },
      { file: "R.md", line: 18, code: "const c = 3;", fragment: false },
      // The marker counts only on the line right above the fence.
      { file: "R.md", line: 24, code: "const d = 4;", fragment: false },
    ]);
  });

  it("reads no block in prose or in other languages", () => {
    expect(readmeSamples("R.md", "Write `ts` like this:\n\n```js\nlet x;\n```\n")).toEqual([]);
  });
});

describe("sampleModules", () => {
  it("checks a whole block alone and a fragment after the blocks above it", () => {
    const samples = readmeSamples("R.md", readme).slice(0, 2);
    expect(sampleModules(samples).map(({ source, firstLine }) => ({ source, firstLine }))).toEqual([
      { source: "const a = 1;", firstLine: 1 },
      { source: "const a = 1;\nconst b = a;", firstLine: 2 },
    ]);
  });

  it("chains fragments: each continues the module of the one above", () => {
    const text =
      "```ts\nlet a = 1;\n```\n\n<!-- fragment -->\n```ts\na++;\n```\n\n<!-- fragment -->\n```ts\na--;\n```\n";
    const last = sampleModules(readmeSamples("R.md", text)).at(-1);
    expect([last?.source, last?.firstLine]).toEqual(["let a = 1;\na++;\na--;", 3]);
  });

  it("refuses a fragment with no block above it in its own README", () => {
    const first = readmeSamples("A.md", "```ts\nconst a = 1;\n```\n");
    const orphan = readmeSamples("B.md", "<!-- fragment -->\n```ts\na;\n```\n");
    expect(() => sampleModules([...first, ...orphan])).toThrow(
      "B.md:2: a block marked as a fragment needs a ts block above it in the same README",
    );
  });
});
