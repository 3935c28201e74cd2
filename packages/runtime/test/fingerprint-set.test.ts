import { describe, expect, it } from "vitest";
import { FingerprintSet } from "../src/index.js";

describe("FingerprintSet", () => {
  it("tells first occurrences from repeats, per tag", () => {
    const set = new FingerprintSet();
    expect(set.add(0, "alice")).toBe(true);
    expect(set.add(0, "alice")).toBe(false);
    expect(set.add(1, "alice")).toBe(true);
    expect(set.add(0, "")).toBe(true);
    expect(set.add(0, "")).toBe(false);
    expect(set.size).toBe(3);
  });

  it("adds a form unless one of the forms the caller excludes is present", () => {
    const set = new FingerprintSet();
    expect(set.addUnless(0, "g\u0000a@x.com", 2, [1, 3])).toBe(-1);
    expect(set.addUnless(0, "g\u0000a@x.com", 2, [1, 3])).toBe(2);
    // Form 0 is neither excluded nor present: added beside form 2.
    expect(set.addUnless(0, "g\u0000a@x.com", 0, [1, 3])).toBe(-1);
    expect(set.addUnless(0, "g\u0000a@x.com", 1, [0, 2])).toBe(0);
    expect(set.addUnless(0, "g\u0000a@x.com", 3, [2, 0])).toBe(2);
    // Nothing excluded: a plain add of that form.
    expect(set.addUnless(1, "x", 0, [])).toBe(-1);
    // Form 0 is what add() stores.
    expect(set.add(1, "x")).toBe(false);
    expect(set.size).toBe(3);
  });

  it("keeps the forms of 200,000 members apart through many growths", () => {
    const set = new FingerprintSet();
    const n = 200_000;
    let added = 0;
    for (let i = 0; i < n; i++)
      if (set.addUnless(2, `user-${i}@example.com`, i % 2, [1 - (i % 2)]) === -1) added++;
    let repeats = 0;
    let contradictions = 0;
    for (let i = 0; i < n; i += 7) {
      if (set.addUnless(2, `user-${i}@example.com`, i % 2, [1 - (i % 2)]) === i % 2) repeats++;
      if (set.addUnless(2, `user-${i}@example.com`, 1 - (i % 2), [i % 2]) === i % 2)
        contradictions++;
    }
    expect(added).toBe(n);
    expect(repeats).toBe(Math.ceil(n / 7));
    expect(contradictions).toBe(Math.ceil(n / 7));
    expect(set.size).toBe(n);
  });

  it("keeps 300,000 distinct near-identical strings apart through many growths", () => {
    const set = new FingerprintSet();
    const n = 300_000;
    let added = 0;
    for (let i = 0; i < n; i++) if (set.add(2, `user-${i}@example.com`)) added++;
    let repeats = 0;
    for (let i = 0; i < n; i += 7) if (!set.add(2, `user-${i}@example.com`)) repeats++;
    expect(added).toBe(n);
    expect(repeats).toBe(Math.ceil(n / 7));
    expect(set.size).toBe(n);
  });
});

describe("FingerprintSet presized with expectedSize", () => {
  it("answers like an unsized set, also past its estimate (it then grows)", () => {
    const sized = new FingerprintSet(10_000);
    const unsized = new FingerprintSet();
    // 30,000 members against an estimate of 10,000, every 5th one repeated.
    for (let i = 0; i < 30_000; i++) {
      const id = `user-${i - (i % 5 === 4 ? 3 : 0)}@example.com`;
      expect(sized.add(1, id)).toBe(unsized.add(1, id));
    }
    expect(sized.size).toBe(24_000);
    expect(unsized.size).toBe(24_000);
  });

  it("refuses an estimate that is not a finite number ≥ 0, naming it", () => {
    expect(() => new FingerprintSet(-1)).toThrow(
      new TypeError("FingerprintSet: expectedSize must be a finite number ≥ 0, got -1"),
    );
    expect(() => new FingerprintSet(Number.NaN)).toThrow(TypeError);
  });
});
