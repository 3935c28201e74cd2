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
