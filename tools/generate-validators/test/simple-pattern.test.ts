import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { compileSimplePattern } from "../src/simple-pattern.js";

/** Compiles a pattern's scan to a callable function, or returns undefined. */
function scanOf(pattern: string): ((s: string) => boolean) | undefined {
  const code = compileSimplePattern(pattern, "match");
  if (code === undefined) return undefined;
  const js = ts.transpile(code, { target: ts.ScriptTarget.ES2022 });
  return new Function(`${js}\nreturn match;`)() as (s: string) => boolean;
}

describe("which patterns become a scan", () => {
  it.each([
    ["^\\+[1-9]\\d{1,14}$", true],
    ["^[A-Z]{3}-\\d{3}$", true],
    ["^\\d+\\.\\d+$", true],
    ["^[a-z_][a-z0-9_]*$", true], // the repeated class is last: nothing to give back to
    ["^a*b?c$", true],
    ["^a*a$", false], // the repeated a must give one back: needs backtracking
    ["^a*b?a$", false],
    ["^(a|b)+$", false],
    ["^[^a]$", false],
    ["^a.b$", false],
    ["^a+?$", false],
    ["abc", false],
    ["^abc", false],
    ["^a\\$", false],
    ["^\\s+$", false],
    ["^é+$", false],
  ])("%s → %s", (pattern, compiles) => {
    expect(scanOf(pattern) !== undefined).toBe(compiles);
  });
});

// Patterns from a small grammar over a small alphabet, so that overlaps, boundaries and
// near-misses are common; strings from the same alphabet plus characters no class holds.
const alphabet = ["a", "b", "-", "1", "9", "+", "."];
const atom = fc.oneof(
  fc.constantFrom(
    "a",
    "b",
    "1",
    "\\-",
    "\\+",
    "\\.",
    "\\d",
    "\\w",
    "[ab]",
    "[a-b1]",
    "[19]",
    "[-a]",
    "[\\d+]",
  ),
);
const quantifier = fc.constantFrom("", "", "?", "*", "+", "{2}", "{0,2}", "{1,3}", "{2,}");
const pattern = fc
  .array(fc.tuple(atom, quantifier), { minLength: 1, maxLength: 4 })
  .map((parts) => `^${parts.map(([a, q]) => a + q).join("")}$`);
const input = fc.string({
  unit: fc.constantFrom(...alphabet, "A", "_", "😀", "\ud800", "\n"),
  maxLength: 8,
});

describe("a scan gives the same verdict as the expression", () => {
  it("on 300 generated patterns × 40 strings each", () => {
    let compiled = 0;
    fc.assert(
      fc.property(pattern, fc.array(input, { minLength: 40, maxLength: 40 }), (source, strings) => {
        let re: RegExp;
        try {
          re = new RegExp(source, "u");
        } catch {
          return; // The generator refuses such a pattern before it gets here (`\-` outside a class).
        }
        const scan = scanOf(source);
        if (!scan) return;
        compiled++;
        for (const s of strings)
          expect(scan(s), `${source} on ${JSON.stringify(s)}`).toBe(re.test(s));
      }),
      { numRuns: 300 },
    );
    expect(compiled).toBeGreaterThan(100);
  });
});
