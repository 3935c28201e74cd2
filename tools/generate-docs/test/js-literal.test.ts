import { describe, expect, it } from "vitest";
import { jsLiteral, raw } from "../src/index.js";

describe("jsLiteral", () => {
  it.each([
    ["a string", { given: 'it\'s "x"', want: '"it\'s \\"x\\""' }],
    ["numbers, booleans and null", { given: [1, true, null], want: "[1, true, null]" }],
    ["an empty object and array", { given: { a: {}, b: [] }, want: "{ a: {}, b: [] }" }],
    ["keys that are not identifiers", { given: { "a-b": 1, ok: 2 }, want: '{ "a-b": 1, ok: 2 }' }],
    ["raw code", { given: { key: raw("process.env.KEY") }, want: "{ key: process.env.KEY }" }],
    [
      "a value too long for one line",
      {
        given: { first: "x".repeat(50), second: ["y".repeat(20), "z"] },
        want: `{\n  first: "${"x".repeat(50)}",\n  second: ["${"y".repeat(20)}", "z"],\n}`,
      },
    ],
    [
      "nested values broken up only where needed",
      {
        given: { body: { a: "x".repeat(90), list: ["a", "b"] } },
        want: `{\n  body: {\n    a: "${"x".repeat(90)}",\n    list: ["a", "b"],\n  },\n}`,
      },
    ],
  ])("renders %s", (_, { given, want }) => {
    expect(jsLiteral(given)).toBe(want);
  });

  it("counts the text before the literal in the line width", () => {
    const value = { a: "x".repeat(60) };
    expect(jsLiteral(value)).not.toContain("\n");
    expect(jsLiteral(value, "", 60)).toContain("\n");
  });
});
