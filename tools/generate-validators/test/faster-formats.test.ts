import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ajvFormatRegExp, FASTER_EQUIVALENTS, formatRegExp } from "../src/formats.js";

// A faster form is only safe if it accepts exactly what ajv-formats' expression accepts.
// Two ways to look for a difference: every string up to a length over an alphabet with one
// character of each class the expressions tell apart, and generated addresses with edits.

const pairs = [...FASTER_EQUIVALENTS].map(([key, faster]) => {
  const [, source, flags] = /^\/(.*)\/([a-z]*)$/s.exec(key) as RegExpExecArray;
  return { key, original: new RegExp(source as string, flags), faster };
});

/** Calls `visit` with every string of length 0 to `maxLength` over `alphabet`, depth first. */
function forEachString(alphabet: readonly string[], maxLength: number, visit: (s: string) => void) {
  const extend = (prefix: string) => {
    visit(prefix);
    if (prefix.length < maxLength) for (const c of alphabet) extend(prefix + c);
  };
  extend("");
}

// One character of each kind the expressions tell apart: lower and upper case letter (a digit
// is in every class a letter is in), hyphen, dot, at sign, a symbol only local parts allow,
// and a character no class holds. Eight characters is the shortest address with a label of
// three parts ("a@a--a.a"), so the search goes to eight.
const alphabet = ["a", "Z", "-", ".", "@", "!", " "];
const maxLength = 8;

describe("faster equivalents of ajv-formats expressions", () => {
  it("still apply to the pinned ajv-formats (else re-prove or drop them)", () => {
    expect(pairs.length).toBeGreaterThan(0);
    const emailAjv = ajvFormatRegExp("email") as RegExp;
    expect(FASTER_EQUIVALENTS.has(`/${emailAjv.source}/${emailAjv.flags}`)).toBe(true);
    expect(formatRegExp("email")).not.toBe(emailAjv);
  });

  it.each(pairs)("accept the same strings, exhaustively up to 8 characters: $key", (pair) => {
    let compared = 0;
    let accepted = 0;
    forEachString(alphabet, maxLength, (s) => {
      const expected = pair.original.test(s);
      if (pair.faster.test(s) !== expected) expect.fail(`they disagree on ${JSON.stringify(s)}`);
      compared++;
      if (expected) accepted++;
    });
    // Both verdicts occur often enough for the comparison to mean something.
    expect(compared).toBe((7 ** (maxLength + 1) - 1) / 6);
    expect(accepted).toBeGreaterThan(1000);
  });

  it.each(pairs)("accept the same generated addresses and edits of them: $key", (pair) => {
    const edit = fc.tuple(
      fc.nat(),
      fc.constantFrom("", "-", ".", "@", "a", "Z", "0", "--", ".-", "-.", "ı", " "),
    );
    const candidate = fc
      .tuple(fc.emailAddress(), fc.array(edit, { maxLength: 3 }))
      .map(([address, edits]) =>
        edits.reduce((s, [at, text]) => {
          const i = at % (s.length + 1);
          return s.slice(0, i) + text + s.slice(i + (text === "" ? 1 : 0));
        }, address),
      );
    fc.assert(
      fc.property(candidate, (s) => pair.faster.test(s) === pair.original.test(s)),
      { numRuns: 20_000 },
    );
  });
});
